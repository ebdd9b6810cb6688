import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bearerProtocol } from "@ddbridge/proto";
import { upgradeCredential } from "./bearer-protocol.js";

describe("upgradeCredential", () => {
  it("takes the credential out of the offered subprotocols, whatever its characters", () => {
    const credential = "s1.abc_-.x/+=é";
    const carrier = bearerProtocol(credential);
    assert.match(carrier, /^base64url\.bearer\.ddbridge\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(upgradeCredential({ "sec-websocket-protocol": `chat, ${carrier}, v2.chat` }), {
      authorization: `Bearer ${credential}`,
      protocols: ["chat", "v2.chat"],
      carrier,
    });
  });

  it("prefers an Authorization header, and still hides a carried credential", () => {
    const carrier = bearerProtocol("other");
    assert.deepEqual(
      upgradeCredential({ authorization: "Bearer tok", "sec-websocket-protocol": carrier }),
      { authorization: "Bearer tok", protocols: [] },
    );
  });

  it("gives no credential without either, and an empty one for a carrier that is not base64url", () => {
    assert.deepEqual(upgradeCredential({}), { authorization: undefined, protocols: [] });
    const bad = upgradeCredential({ "sec-websocket-protocol": "base64url.bearer.ddbridge.a+b" });
    assert.equal(bad.authorization, "");
  });
});
