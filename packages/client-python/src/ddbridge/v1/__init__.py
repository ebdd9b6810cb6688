"""The generated messages and gRPC stubs of ddbridge.v1 (proto/ddbridge/v1)."""
