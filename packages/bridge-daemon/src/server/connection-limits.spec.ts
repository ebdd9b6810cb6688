import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectionLimits, parseOpenFilesLimit } from "./connection-limits.js";

const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe("connectionLimits", () => {
  it("reads the soft open-files limit", () => {
    assert.equal(parseOpenFilesLimit(PROC_LIMITS), 1024);
    assert.equal(parseOpenFilesLimit(PROC_LIMITS.replace("1024 ", "unlimited ")), undefined);
    assert.equal(parseOpenFilesLimit("nothing here"), undefined);
  });

  it("leaves half the descriptors for pipes and sockets, within bounds", () => {
    assert.equal(connectionLimits({}, 1024).maxConnections, 512);
    assert.equal(connectionLimits({}, 1_048_576).maxConnections, 4096);
    assert.equal(connectionLimits({}, 20).maxConnections, 16);
  });

  it("keeps HTTP/2 streams per session in the range Go and nginx use", () => {
    const limits = connectionLimits({}, 1024);
    assert.ok(limits.maxStreamsPerSession >= 100 && limits.maxStreamsPerSession <= 250);
    assert.equal(connectionLimits({ maxStreamsPerSession: 8 }, 1024).maxStreamsPerSession, 8);
  });
});
