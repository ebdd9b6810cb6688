import assert from "node:assert/strict";
import { it } from "node:test";
import { ServiceError } from "@ddbridge/client";
import { execArgs, plainError, REDACTED } from "./recording.js";

it("plainError keeps a rejection's fields, JSON-safe", () => {
  const exec = Object.assign(new Error("boom"), {
    cmd: "x",
    code: 127,
    stderr: "x: not found",
    lines: () => [],
  });
  assert.deepEqual(plainError(exec), {
    cmd: "x",
    code: 127,
    stderr: "x: not found",
    message: "boom",
  });
  assert.deepEqual(plainError("just text"), { message: "just text" });
  const service = plainError(new ServiceError(500, "Internal Server Error", "down"));
  assert.equal(service.statusCode, 500);
  assert.equal(typeof service.message, "string");
});

it("execArgs keeps env keys, never their values, and drops the stream callbacks", () => {
  const args = execArgs("deploy", ["--now"], {
    env: { API_TOKEN: "s3cret", REGION: "eu" },
    cwd: "/srv",
    stream: { splitOutputLines: true, onOutput: () => {} } as { splitOutputLines: boolean },
  });
  assert.deepEqual(args, [
    "deploy",
    ["--now"],
    {
      cwd: "/srv",
      env: { API_TOKEN: REDACTED, REGION: REDACTED },
      stream: { splitOutputLines: true },
    },
  ]);
  assert.doesNotMatch(JSON.stringify(args), /s3cret/);
});
