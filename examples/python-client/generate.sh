#!/usr/bin/env bash
# Regenerates the Python stubs from proto/ with the pinned grpcio-tools.
# Usage: examples/python-client/generate.sh [PYTHON]  (default: python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
python="${1:-python3}"
case "$python" in /*) ;; */*) python="$PWD/$python" ;; esac
rm -rf "$here/gen"
mkdir -p "$here/gen"
cd "$root/proto"
"$python" -m grpc_tools.protoc -I . \
  --python_out="$here/gen" --pyi_out="$here/gen" --grpc_python_out="$here/gen" \
  ddbridge/v1/*.proto
