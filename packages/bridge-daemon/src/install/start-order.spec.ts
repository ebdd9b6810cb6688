import assert from "node:assert/strict";
import { it } from "node:test";
import type { ServiceSpec } from "./compose-service.js";
import { startOrder } from "./start-order.js";

const svc = (name: string, ...deps: string[]) =>
  ({
    name,
    dependsOn: deps.map((service) => ({ service, condition: "service_started" })),
  }) as ServiceSpec;

it("starts dependencies first, keeps the file's order otherwise, and names a cycle", () => {
  const names = (s: ServiceSpec[]) => startOrder(s).map((x) => x.name);
  assert.deepEqual(names([svc("a", "c"), svc("b"), svc("c", "b")]), ["b", "c", "a"]);
  assert.deepEqual(names([svc("x"), svc("y"), svc("z")]), ["x", "y", "z"]);
  assert.throws(
    () => startOrder([svc("a", "b"), svc("b", "c"), svc("c", "a")]),
    /cycle: a → b → c → a/,
  );
});
