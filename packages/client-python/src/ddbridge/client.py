"""A small client for a ddbridge daemon over gRPC (grpcio).

    from ddbridge import client

    with client.channel("127.0.0.1:7799") as ch:        # or "unix:///path/to/daemon.sock"
        print(client.call(ch, "/hello", timeout=5).body)
        exit = client.run(ch, "hello", ["world"], timeout=30)   # output to sys.stdout/stderr
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Mapping, NamedTuple

import grpc

from ddbridge.v1 import exec_pb2, exec_pb2_grpc, http_pb2, http_pb2_grpc

__all__ = ["Exit", "NoExitStatus", "call", "channel", "run", "token", "token_file"]

_TARGETS = {
    "host": exec_pb2.TARGET_HOST,
    "vm": exec_pb2.TARGET_VM,
    "docker": exec_pb2.TARGET_DOCKER,
}


def token_file() -> Path:
    """Where ``ddbridge serve`` keeps its token: $DDBRIDGE_HOME/token, else ~/.ddbridge/token."""
    home = os.environ.get("DDBRIDGE_HOME")
    return Path(home) / "token" if home else Path.home() / ".ddbridge" / "token"


def token() -> str:
    """The bearer token as ddbridge's other clients find it: DDBRIDGE_TOKEN, else token_file()."""
    value = os.environ.get("DDBRIDGE_TOKEN")
    if value:
        return value
    path = token_file()
    try:
        value = path.read_text().strip()
    except OSError as err:
        raise RuntimeError(
            f"no ddbridge token: set DDBRIDGE_TOKEN, or make {path} readable ({err})"
        ) from err
    if not value:
        raise RuntimeError(f"no ddbridge token: {path} is empty")
    return value


class _Details(NamedTuple):
    method: str
    timeout: float | None
    metadata: list | None
    credentials: grpc.CallCredentials | None
    wait_for_ready: bool | None
    compression: grpc.Compression | None


class _CallDetails(_Details, grpc.ClientCallDetails):
    pass


class _Bearer(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Sends the token with every call. The daemon has no TLS (loopback or a unix
    socket), where grpcio's call credentials would refuse to send it."""

    def __init__(self, value: str) -> None:
        self._header = ("authorization", f"Bearer {value}")

    def _with_token(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or []), self._header]
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            details.wait_for_ready,
            details.compression,
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._with_token(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._with_token(client_call_details), request)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):
        return continuation(self._with_token(client_call_details), request_iterator)


def channel(
    target: str = "127.0.0.1:7799",
    token_value: str | None = None,
    options: Iterable[tuple[str, object]] | None = None,
) -> grpc.Channel:
    """A channel to a daemon (HOST:PORT or unix:///path/to/daemon.sock) that sends
    the token (default: token()) with every call. Use it as a context manager."""
    inner = grpc.insecure_channel(target, options=list(options or []))
    return grpc.intercept_channel(inner, _Bearer(token_value or token()))


def call(
    ch: grpc.Channel,
    path: str,
    method: str = "GET",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> http_pb2.CallResponse:
    """One HTTP request to the extension's backend (HttpService.Call). Any status
    is an answer: read ``status``; a failure of the bridge raises grpc.RpcError."""
    request = http_pb2.CallRequest(
        method=method,
        path=path,
        headers=[http_pb2.Header(name=k, value=v) for k, v in (headers or {}).items()],
        body=body,
    )
    return http_pb2_grpc.HttpServiceStub(ch).Call(request, timeout=timeout)


class Exit(NamedTuple):
    """How a command ended. A non-zero code is the command's answer, not an error."""

    code: int
    signal: str


class NoExitStatus(RuntimeError):
    """The stream ended without the command's exit status: output may be missing."""


def run(
    ch: grpc.Channel,
    command: str,
    args: Iterable[str] = (),
    target: str = "host",
    cwd: str = "",
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
) -> Exit:
    """Runs a command (Exec.Run: never through a shell) and writes its output, in
    order, to stdout and stderr (default: this process's). The deadline ends the
    command itself (grpc.RpcError with DEADLINE_EXCEEDED)."""
    request = _run_request(command, args, target, cwd, env)
    events = exec_pb2_grpc.ExecStub(ch).Run(request, timeout=timeout)
    return _follow(events, stdout, stderr)


def session(
    ch: grpc.Channel,
    command: str,
    args: Iterable[str] = (),
    stdin: bytes | Iterable[bytes] = b"",
    target: str = "vm",
    cwd: str = "",
    env: Mapping[str, str] | None = None,
    tty: tuple[int, int] | None = None,
    timeout: float | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
) -> Exit:
    """Runs a command with input (Exec.Session, a bidi stream; never through a
    shell): ``stdin`` (bytes, or chunks as they come) reaches the command, then
    its end of input; output is written in order as with run(). ``tty`` is
    (cols, rows) for a terminal. Beyond Docker Desktop's API."""
    start = exec_pb2.SessionStart(run=_run_request(command, args, target, cwd, env))
    if tty is not None:
        start.tty.CopyFrom(exec_pb2.TerminalSize(cols=tty[0], rows=tty[1]))
    chunks = [stdin] if isinstance(stdin, (bytes, bytearray)) else stdin

    def requests():
        yield exec_pb2.SessionRequest(start=start)
        for chunk in chunks:
            if chunk:
                yield exec_pb2.SessionRequest(input=bytes(chunk))
        yield exec_pb2.SessionRequest(end_input=exec_pb2.EndInput())

    events = exec_pb2_grpc.ExecStub(ch).Session(requests(), timeout=timeout)
    return _follow(events, stdout, stderr)


def _run_request(
    command: str, args: Iterable[str], target: str, cwd: str, env: Mapping[str, str] | None
) -> exec_pb2.RunRequest:
    if target not in _TARGETS:
        raise ValueError(f"target must be one of {sorted(_TARGETS)}, got {target!r}")
    return exec_pb2.RunRequest(
        target=_TARGETS[target], command=command, args=list(args), cwd=cwd, env=dict(env or {})
    )


def _follow(events, stdout: BinaryIO | None, stderr: BinaryIO | None) -> Exit:
    """Writes a command's output, in order, as it comes (Run and Session send
    the same events; default: this process's stdout and stderr), and returns
    its exit."""
    out = stdout or sys.stdout.buffer
    err = stderr or sys.stderr.buffer
    for event in events:
        kind = event.WhichOneof("event")
        if kind == "output":
            sink = err if event.output.stream == exec_pb2.OUTPUT_STREAM_STDERR else out
            sink.write(event.output.data)
            sink.flush()
        elif kind == "close":
            return Exit(event.close.exit_code, event.close.signal)
    raise NoExitStatus("the command's stream ended without an exit status")
