import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  markerIn,
  newRunMarker,
  ownerAlive,
  ownerMarker,
  RUN_MARKER,
  startTimeIn,
} from "./run-marker.js";

const linux = process.platform === "linux";

describe("run markers", () => {
  it("finds the marker among the environment's entries, and only as a whole name", () => {
    const env = (...entries: string[]) => Buffer.from(`${entries.join("\0")}\0`);
    assert.equal(markerIn(env("A=1", `${RUN_MARKER}=12.34/5`, "B=2")), "12.34/5");
    assert.equal(markerIn(env(`${RUN_MARKER}=1.2/3`)), "1.2/3");
    assert.equal(markerIn(env(`X${RUN_MARKER}=1.2/3`, "B=2")), undefined);
    assert.equal(markerIn(env(`X${RUN_MARKER}=no`, `${RUN_MARKER}=yes`)), "yes");
    assert.equal(markerIn(Buffer.alloc(0)), undefined);
  });

  it("reads the start time past a command name with spaces and parentheses", () => {
    const rest = Array.from({ length: 20 }, (_, i) => String(i + 3)).join(" ");
    assert.equal(startTimeIn(`42 (a b) c) ${rest}`), "22");
  });

  it("numbers commands under this process's pid and start time", { skip: !linux }, () => {
    const a = newRunMarker();
    const b = newRunMarker();
    assert.notEqual(a, b);
    assert.ok(a.startsWith(`${ownerMarker()}/`));
    assert.ok(ownerMarker().startsWith(`${process.pid}.`));
    assert.ok(ownerAlive(a));
    const start = startTimeIn(readFileSync("/proc/self/stat", "utf8"))!;
    assert.equal(ownerAlive(`${process.pid}.${Number(start) + 1}/1`), false, "a reused pid");
    assert.equal(ownerAlive("999999999.1/1"), false);
    assert.equal(ownerAlive("garbage"), false);
  });
});
