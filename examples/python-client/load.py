#!/usr/bin/env python3
"""The bench's Python client (packages/bridge-daemon/bench): keeps CONC
HttpService.Call requests in flight over one grpcio channel for SECONDS and
prints {requests, seconds, rps, p50, p99} as JSON.

    DDBRIDGE_TOKEN=... python load.py --addr 127.0.0.1:7799 --path /large?bytes=100 -c 64 -s 1.5
"""

import argparse
import json
import os
import sys
import threading
import time

import grpc

from ddbridge.v1 import http_pb2, http_pb2_grpc


def run(stub, request, metadata, conc, seconds, record):
    """Keeps `conc` futures in flight until `seconds` pass; returns latencies (ms) and elapsed."""
    times = []
    lock = threading.Lock()
    done = threading.Event()
    in_flight = [conc]
    errors = []
    start = time.perf_counter()
    end = start + seconds

    def issue():
        t = time.perf_counter()
        future = stub.Call.future(request, metadata=metadata)
        future.add_done_callback(lambda f: finished(f, t))

    def finished(future, t):
        if future.exception() is not None:
            errors.append(future.exception())
            done.set()
            return
        now = time.perf_counter()
        with lock:
            if record:
                times.append((now - t) * 1000)
            if now < end:
                issue()
                return
            in_flight[0] -= 1
            if in_flight[0] == 0:
                done.set()

    for _ in range(conc):
        issue()
    done.wait()
    if errors:
        raise errors[0]
    return times, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:7799")
    parser.add_argument("--path", default="/hello")
    parser.add_argument("-c", type=int, default=1)
    parser.add_argument("-s", type=float, default=1.0)
    args = parser.parse_args()
    channel = grpc.insecure_channel(
        args.addr, options=[("grpc.max_receive_message_length", 64 * 1024 * 1024)]
    )
    stub = http_pb2_grpc.HttpServiceStub(channel)
    metadata = (("authorization", "Bearer " + os.environ.get("DDBRIDGE_TOKEN", "")),)
    request = http_pb2.CallRequest(method="GET", path=args.path)
    run(stub, request, metadata, args.c, min(0.3, args.s * 0.2), False)
    times, elapsed = run(stub, request, metadata, args.c, args.s, True)
    times.sort()

    def pct(q):
        return times[min(len(times) - 1, int(q / 100 * len(times)))]

    print(
        json.dumps(
            {
                "requests": len(times),
                "seconds": elapsed,
                "rps": len(times) / elapsed,
                "p50": pct(50),
                "p99": pct(99),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
