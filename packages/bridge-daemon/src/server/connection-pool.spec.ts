import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectionPool } from "./connection-pool.js";

describe("connectionPool", () => {
  it("admits up to the cap", () => {
    const pool = connectionPool<string>(2);
    assert.equal(pool.add("a"), undefined);
    assert.equal(pool.add("b"), undefined);
    assert.equal(pool.size, 2);
    assert.deepEqual([...pool.all()], ["a", "b"]);
  });

  it("at the cap, drops the connection idle the longest", () => {
    const pool = connectionPool<string>(2);
    pool.add("a");
    pool.add("b");
    assert.equal(pool.add("c"), "a");
    assert.deepEqual([...pool.idle()], ["b", "c"]);
  });

  it("never drops a busy connection: refuses the newcomer instead", () => {
    const pool = connectionPool<string>(2);
    pool.add("a");
    pool.add("b");
    pool.busy("a");
    pool.busy("b");
    assert.equal(pool.add("c"), "c");
    assert.equal(pool.size, 2);
    assert.equal(pool.done("a"), true);
    assert.equal(pool.add("c"), "a");
  });

  it("a connection is idle again only when its last request ends, and then the newest idle", () => {
    const pool = connectionPool<string>(3);
    pool.add("a");
    pool.add("b");
    pool.busy("a");
    pool.busy("a");
    assert.equal(pool.done("a"), false);
    assert.deepEqual([...pool.idle()], ["b"]);
    assert.equal(pool.done("a"), true);
    assert.deepEqual([...pool.idle()], ["b", "a"]);
  });

  it("forgets removed connections", () => {
    const pool = connectionPool<string>(1);
    pool.add("a");
    pool.remove("a");
    assert.equal(pool.add("b"), undefined);
    pool.busy("a");
    assert.equal(pool.done("a"), false);
    assert.equal(pool.size, 1);
  });
});
