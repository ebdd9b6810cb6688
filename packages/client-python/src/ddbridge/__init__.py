"""Call a ddbridge daemon from Python.

``ddbridge.client`` has the helpers (token lookup, a channel that sends the
token, ``call`` and ``run``); ``ddbridge.v1`` the generated messages and stubs.
"""
