#!/usr/bin/env python3
"""Calls a ddbridge daemon from Python with the ddbridge-client package
(packages/client-python): proxies one HTTP request to the extension's backend,
then streams one exec and exits with the command's exit code.

    python ddbridge_client.py --addr 127.0.0.1:7799 --path /hello hello world
    python ddbridge_client.py --unix /path/to/daemon.sock --target vm ./hello.sh
"""

import argparse
import sys
from pathlib import Path

import grpc

from ddbridge import client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:7799", help="daemon TCP address")
    parser.add_argument("--unix", help="daemon unix socket (instead of --addr)")
    parser.add_argument("--token-file", help=f"default: DDBRIDGE_TOKEN, else {client.token_file()}")
    parser.add_argument("--path", default="/hello", help="HTTP path to request ('' to skip)")
    parser.add_argument("--target", choices=["host", "vm"], default="host")
    parser.add_argument(
        "--stdin", action="store_true", help="pass this process's stdin to the command (Exec.Session)"
    )
    parser.add_argument("--timeout", type=float, default=60, help="deadline of each call, seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command and arguments to run")
    args = parser.parse_args()

    try:
        token = Path(args.token_file).read_text().strip() if args.token_file else client.token()
    except (OSError, RuntimeError) as err:
        sys.exit(f"ddbridge_client: {err}")
    target = f"unix://{args.unix}" if args.unix else args.addr
    with client.channel(target, token) as channel:
        try:
            if args.path:
                res = client.call(channel, args.path, timeout=args.timeout)
                print(f"HTTP {res.status} {res.reason}: {res.body.decode(errors='replace')}", flush=True)
            if not args.command:
                return 0
            if args.stdin:
                chunks = iter(lambda: sys.stdin.buffer.read1(65536), b"")
                exit = client.session(
                    channel,
                    args.command[0],
                    args.command[1:],
                    stdin=chunks,
                    target=args.target,
                    timeout=args.timeout,
                )
            else:
                exit = client.run(
                    channel, args.command[0], args.command[1:], target=args.target, timeout=args.timeout
                )
            if exit.signal:
                print(f"killed by {exit.signal}", file=sys.stderr)
            return exit.code
        except client.NoExitStatus as err:
            print(f"ddbridge_client: {err}", file=sys.stderr)
            return 1
        except grpc.RpcError as err:
            print(f"ddbridge_client: {err.code().name}: {err.details()}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
