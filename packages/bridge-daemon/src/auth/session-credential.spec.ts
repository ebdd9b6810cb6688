import assert from "node:assert/strict";
import { it } from "node:test";
import { isSessionCredential, mintSessionCredential } from "./session-credential.js";

it("a session credential is good under its token only, and is not the token", () => {
  const token = "k".repeat(43);
  const a = mintSessionCredential(token);
  assert.ok(isSessionCredential(token, a));
  assert.notEqual(a, mintSessionCredential(token), "each is new");
  assert.ok(!a.includes(token));
  assert.ok(!isSessionCredential("j".repeat(43), a));
  const [prefix, id, sig] = a.split(".");
  assert.ok(!isSessionCredential(token, `${prefix}.${id}x.${sig}`), "another id");
  assert.ok(!isSessionCredential(token, `${prefix}.${id}.${sig!.slice(0, -2)}`), "a cut MAC");
  assert.ok(!isSessionCredential(token, `${a}.extra`));
  assert.ok(!isSessionCredential(token, token));
});
