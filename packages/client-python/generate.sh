#!/usr/bin/env bash
# Regenerates the Python stubs from proto/ into src/ddbridge/v1 with the
# pinned grpcio-tools (examples/python-client/requirements.txt).
# Usage: packages/client-python/generate.sh [PYTHON]  (default: python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
python="${1:-python3}"
case "$python" in /*) ;; */*) python="$PWD/$python" ;; esac
out="$here/src"
# The generated files only: __init__.py is written by hand.
rm -f "$out"/ddbridge/v1/*_pb2.py "$out"/ddbridge/v1/*_pb2.pyi "$out"/ddbridge/v1/*_pb2_grpc.py
cd "$root/proto"
"$python" -m grpc_tools.protoc -I . \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" \
  ddbridge/v1/*.proto
