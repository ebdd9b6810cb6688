import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatBytes,
  formatDuration,
  isLoopback,
  parseBytes,
  parseDuration,
  parseListen,
} from "./units.js";

describe("units", () => {
  it("parses sizes", () => {
    assert.equal(parseBytes("4194304"), 4194304);
    assert.equal(parseBytes("64KiB"), 65536);
    assert.equal(parseBytes("4MiB"), 4 * 1024 * 1024);
    assert.equal(parseBytes("1g"), 1024 ** 3);
    assert.throws(() => parseBytes("lots"), /not a size/);
  });

  it("formats sizes and durations back to what the parsers read", () => {
    for (const n of [100, 65536, 4 * 1024 * 1024, 3 * 1024 ** 3, 1536]) {
      assert.equal(parseBytes(formatBytes(n)), n);
    }
    assert.equal(formatBytes(4 * 1024 * 1024), "4MiB");
    for (const ms of [1, 500, 2000, 30_000, 120_000, 90_500]) {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }
    assert.equal(formatDuration(30_000), "30s");
  });
  it("parses durations", () => {
    assert.equal(parseDuration("1500"), 1500);
    assert.equal(parseDuration("30s"), 30000);
    assert.equal(parseDuration("2m"), 120000);
    assert.throws(() => parseDuration("soon"), /not a duration/);
  });
  it("parses listen addresses", () => {
    assert.deepEqual(parseListen("127.0.0.1:7799"), { host: "127.0.0.1", port: 7799 });
    assert.deepEqual(parseListen("[::1]:0"), { host: "::1", port: 0 });
    assert.deepEqual(parseListen(":80"), { host: "127.0.0.1", port: 80 });
    assert.throws(() => parseListen("7799"), /HOST:PORT/);
    assert.throws(() => parseListen("a:99999"), /HOST:PORT/);
    assert.equal(isLoopback("127.0.0.1"), true);
    assert.equal(isLoopback("0.0.0.0"), false);
  });
});
