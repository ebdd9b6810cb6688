import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { v1, v1Hybrid } from "@docker/extension-api-client-types";
import type { DockerDesktopClient } from "./install-dd-client.js";

// Compile-time truth: `tsc -p tsconfig.test.json` fails if our object stops
// being assignable to the public types in either direction of use.
type Assert<T extends true> = T;
type _ToHybrid = Assert<DockerDesktopClient extends v1Hybrid.DockerDesktopClient ? true : false>;
type _ToV1 = Assert<DockerDesktopClient extends v1.DockerDesktopClient ? true : false>;
const _check: [_ToHybrid, _ToV1] = [true, true];

describe("DockerDesktopClient type", () => {
  it("is assignable to v1Hybrid and v1 (checked by the type checker)", () => {
    assert.deepEqual(_check, [true, true]);
  });
});
