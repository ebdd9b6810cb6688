import assert from "node:assert/strict";
import { it } from "node:test";
import { classifyFirstBytes, H2_PREFACE } from "./first-bytes.js";

it("tells h2c, HTTP/1.1, TLS and garbage apart from the first bytes", () => {
  const b = (s: string | number[]) => Buffer.from(s as string);
  assert.equal(classifyFirstBytes(b("")), "undecided");
  assert.equal(classifyFirstBytes(b("PRI * HTTP/2")), "undecided");
  assert.equal(classifyFirstBytes(H2_PREFACE), "h2");
  assert.equal(classifyFirstBytes(Buffer.concat([H2_PREFACE, b("\0\0")])), "h2");
  assert.equal(classifyFirstBytes(b("POST /x HTTP/1.1\r\n")), "h1");
  assert.equal(classifyFirstBytes(b("GET / HTTP/1.1\r\n")), "h1");
  assert.equal(classifyFirstBytes(b("PRX")), "h1");
  assert.equal(classifyFirstBytes(b([0x16, 0x03, 0x01, 0x02, 0x00])), "tls");
  assert.equal(classifyFirstBytes(b([0x16])), "tls");
  assert.equal(classifyFirstBytes(b([0x00, 0x01, 0xff])), "garbage");
  assert.equal(classifyFirstBytes(b("get / HTTP/1.1")), "garbage");
  assert.equal(classifyFirstBytes(b("\r\nGET /")), "garbage");
});
