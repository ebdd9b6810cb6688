import assert from "node:assert/strict";
import { it } from "node:test";
import { redactToken } from "./redact-token.js";

it("redacts the token of every UI URL in a log, and nothing else", () => {
  assert.equal(
    redactToken(
      'Open the extension UI: http://127.0.0.1:1/#ddbridge-token=abc_-1\n{"url":"http://x/#ddbridge-token=def"}',
    ),
    'Open the extension UI: http://127.0.0.1:1/#ddbridge-token=(redacted)\n{"url":"http://x/#ddbridge-token=(redacted)"}',
  );
  assert.equal(
    redactToken("Open the extension UI: http://127.0.0.1:1/#ddbridge-code=c1.ab.cd.ef"),
    "Open the extension UI: http://127.0.0.1:1/#ddbridge-code=(redacted)",
  );
  assert.equal(redactToken('{"msg":"rpc","code":"ok"}'), '{"msg":"rpc","code":"ok"}');
});
