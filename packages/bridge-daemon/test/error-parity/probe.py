"""Makes one of error-parity.spec.ts's calls with grpcio (ddbridge.client) and
prints what a program sees, as one JSON line (as main.go does for Go)."""

import argparse
import io
import json

import grpc

from ddbridge import client

parser = argparse.ArgumentParser()
parser.add_argument("--addr", required=True)
parser.add_argument("--token", default="")
parser.add_argument("--path", default="")
parser.add_argument("--timeout", type=float, default=30)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command

channel = client.channel(args.addr, args.token) if args.token else grpc.insecure_channel(args.addr)
with channel:
    try:
        if args.path:
            result = {"status": client.call(channel, args.path, timeout=args.timeout).status}
        else:
            sink = io.BytesIO()
            ended = client.run(
                channel, command[0], command[1:], timeout=args.timeout, stdout=sink, stderr=sink
            )
            result = {"exit": ended.code}
    except grpc.RpcError as err:
        result = {"code": err.code().name.lower(), "message": err.details()}
print(json.dumps(result))
