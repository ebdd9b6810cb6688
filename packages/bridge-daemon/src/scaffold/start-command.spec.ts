import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { socketArgs, startCommand } from "./start-command.js";

const TEMPLATE = `FROM golang:1.21-alpine AS builder
ENV CGO_ENABLED=0
WORKDIR /backend
RUN go build -trimpath -ldflags="-s -w" -o bin/service
CMD ["should", "not", "count"]

FROM alpine
LABEL org.opencontainers.image.title="My extension" \\
    com.docker.desktop.extension.api.version="0.3.4"
COPY --from=builder /backend/bin/service /
CMD /service -socket /run/guest-services/backend.sock
`;

describe("startCommand", () => {
  it("takes the last stage's CMD, shell form or exec form", () => {
    assert.deepEqual(startCommand(TEMPLATE), [
      "/service",
      "-socket",
      "/run/guest-services/backend.sock",
    ]);
    assert.deepEqual(
      startCommand('FROM x\nCMD ["/bin/app", "--socket=/run/guest-services/a.sock"]\n'),
      ["/bin/app", "--socket=/run/guest-services/a.sock"],
    );
  });

  it("puts ENTRYPOINT first; a later ENTRYPOINT drops the CMD before it", () => {
    assert.deepEqual(startCommand('FROM x\nCMD ["-v"]\nENTRYPOINT ["/app"]\n'), ["/app"]);
    assert.deepEqual(startCommand('FROM x\nENTRYPOINT ["/app"]\nCMD ["-v"]\n'), ["/app", "-v"]);
  });

  it("prefers the compose service's entrypoint and command", () => {
    assert.deepEqual(
      startCommand(TEMPLATE, {
        command: ["/bin/service", "-socket", "/run/guest-services/b.sock"],
      }),
      ["/bin/service", "-socket", "/run/guest-services/b.sock"],
    );
    assert.deepEqual(
      startCommand('FROM x\nENTRYPOINT ["/a"]\nCMD ["-v"]\n', { entrypoint: ["/b"] }),
      ["/b"],
    );
    assert.deepEqual(startCommand(undefined), []);
  });
});

describe("socketArgs", () => {
  it("replaces the socket path with {socket}, alone or inside a flag", () => {
    assert.deepEqual(
      socketArgs(["/service", "-socket", "/run/guest-services/backend.sock"], "backend.sock"),
      {
        args: ["-socket", "{socket}"],
        socketFound: true,
      },
    );
    assert.deepEqual(socketArgs(["/app", "--listen=/run/guest-services/x.sock", "-v"], "x.sock"), {
      args: ["--listen={socket}", "-v"],
      socketFound: true,
    });
  });

  it("says when the command names no socket", () => {
    assert.deepEqual(socketArgs(["/app", "--port", "80"], "backend.sock"), {
      args: ["--port", "80"],
      socketFound: false,
    });
    assert.deepEqual(socketArgs([], undefined), { args: [], socketFound: false });
  });
});
