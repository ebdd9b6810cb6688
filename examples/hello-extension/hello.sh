#!/bin/sh
# Run by `vm.cli.exec("./hello.sh", [...])` in the backend's working directory.
echo "hello from the backend: $*"
