#!/usr/bin/env python3
"""Calls a ddbridge daemon from Python with the stubs generated from proto/.

Proxies one HTTP request to the extension's backend, then streams one exec and
exits with the command's exit code.

    python ddbridge_client.py --addr 127.0.0.1:7799 --path /hello hello world
    python ddbridge_client.py --unix /path/to/daemon.sock --target vm ./hello.sh
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "gen"))

import grpc  # noqa: E402

from ddbridge.v1 import exec_pb2, exec_pb2_grpc, http_pb2, http_pb2_grpc  # noqa: E402


def read_token(token_file: str) -> str:
    token = os.environ.get("DDBRIDGE_TOKEN")
    if token:
        return token
    try:
        return Path(token_file).read_text().strip()
    except OSError as err:
        sys.exit(f"ddbridge_client: no token: set DDBRIDGE_TOKEN or pass --token-file ({err})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:7799", help="daemon TCP address")
    parser.add_argument("--unix", help="daemon unix socket (instead of --addr)")
    parser.add_argument("--token-file", default=str(Path.home() / ".ddbridge" / "token"))
    parser.add_argument("--path", default="/hello", help="HTTP path to request ('' to skip)")
    parser.add_argument("--target", choices=["host", "vm"], default="host")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command and arguments to run")
    args = parser.parse_args()

    metadata = [("authorization", f"Bearer {read_token(args.token_file)}")]
    target = f"unix://{args.unix}" if args.unix else args.addr
    with grpc.insecure_channel(target) as channel:
        try:
            if args.path:
                http = http_pb2_grpc.HttpServiceStub(channel)
                res = http.Call(http_pb2.CallRequest(method="GET", path=args.path), metadata=metadata)
                print(f"HTTP {res.status} {res.reason}: {res.body.decode(errors='replace')}", flush=True)
            if not args.command:
                return 0
            run = exec_pb2_grpc.ExecStub(channel).Run(
                exec_pb2.RunRequest(
                    target=exec_pb2.TARGET_VM if args.target == "vm" else exec_pb2.TARGET_HOST,
                    command=args.command[0],
                    args=args.command[1:],
                ),
                metadata=metadata,
            )
            for event in run:
                if event.HasField("output"):
                    out = sys.stderr if event.output.stream == exec_pb2.OUTPUT_STREAM_STDERR else sys.stdout
                    out.buffer.write(event.output.data)
                    out.flush()
                elif event.HasField("close"):
                    if event.close.signal:
                        print(f"killed by {event.close.signal}", file=sys.stderr)
                    return event.close.exit_code
            print("ddbridge_client: stream ended without an exit status", file=sys.stderr)
            return 1
        except grpc.RpcError as err:
            print(f"ddbridge_client: {err.code().name}: {err.details()}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
