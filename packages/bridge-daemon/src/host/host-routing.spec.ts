import assert from "node:assert/strict";
import { test } from "node:test";
import { labelFor, routeOf, tokenIndex } from "./host-routing.js";

test("NAME.localhost is extension NAME's origin; loopback, localhost and no Host are the index", () => {
  const none = new Set<string>();
  assert.deepEqual(routeOf("logs.localhost:7799", none), { kind: "extension", label: "logs" });
  assert.deepEqual(routeOf("LOGS.LOCALHOST.", none), { kind: "extension", label: "logs" });
  assert.deepEqual(routeOf("localhost:7799", none), { kind: "index" });
  assert.deepEqual(routeOf("127.0.0.1:7799", none), { kind: "index" });
  assert.deepEqual(routeOf("[::1]:7799", none), { kind: "index" });
  assert.deepEqual(routeOf(undefined, none), { kind: "index" });
  // Deeper names, bad labels and other parents are no extension's: the guard refuses them.
  assert.deepEqual(routeOf("a.b.localhost:1", none), { kind: "index" });
  assert.deepEqual(routeOf("-x.localhost:1", none), { kind: "index" });
  assert.deepEqual(routeOf("x.evil.example:1", none), { kind: "index" });
  assert.deepEqual(routeOf("x.box.example:1", new Set(["box.example"])), {
    kind: "extension",
    label: "x",
  });
});

test("labels come from the image's repository, unique among those taken", () => {
  const taken = new Set<string>();
  assert.equal(
    labelFor("docker/logs-explorer-extension:0.2.1", undefined, taken),
    "logs-explorer-extension",
  );
  assert.equal(
    labelFor("reg.example:5000/team/Disk_Usage@sha256:ab", undefined, taken),
    "disk-usage",
  );
  assert.equal(labelFor("ddbridge.local/my_ext-0123456789:latest", "My Ext!", taken), "my-ext");
  assert.equal(labelFor("a/tool-0123456789", undefined, taken), "tool-0123456789");
  assert.equal(labelFor("a/web", undefined, new Set(["web", "web-2"])), "web-3");
  assert.equal(labelFor("a/---", undefined, taken), "extension");
});

test("a token finds its own extension and nothing else", () => {
  const index = tokenIndex();
  index.set("a", "token-of-a-0123456789012345678901234567");
  index.set("b", "token-of-b-0123456789012345678901234567");
  assert.equal(index.find("Bearer token-of-a-0123456789012345678901234567"), "a");
  assert.equal(index.find("Bearer token-of-a"), undefined);
  assert.equal(index.find("token-of-b-0123456789012345678901234567"), undefined);
  index.remove("b");
  assert.equal(index.find("Bearer token-of-b-0123456789012345678901234567"), undefined);
});
