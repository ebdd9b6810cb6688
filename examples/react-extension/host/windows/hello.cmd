@echo off
rem A host binary the extension ships (host.binaries in metadata.json).
echo hello from the host, %*
