import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { mintLoginCode } from "../auth/login-code.js";
import { createLogger } from "../log/logger.js";
import { createIndexPage, EXTENSIONS_PATH, type IndexEntry } from "./index-page.js";

const TOKEN = "host-token-0123456789-0123456789-0123456789";
const ENTRY: IndexEntry = {
  label: "logs",
  name: "<b>Logs</b>",
  image: "docker/logs:1.0",
  version: "1.0",
  state: "running",
  url: "http://logs.localhost:1",
  link: "http://logs.localhost:1/#ddbridge-code=x",
  privileges: [],
  icon: undefined,
  tokenFile: "/home/me/.ddbridge/extensions/logs/token",
};

describe("the index page", () => {
  let server: Server;
  let base: string;
  before(async () => {
    const index = createIndexPage({
      token: TOKEN,
      browser: { allowOrigins: new Set(), allowHosts: new Set() },
      logger: createLogger("silent"),
      entries: async () => [ENTRY],
    });
    server = createServer((req, res) => index(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it("is an empty shell: the list needs the host's token or a session minted from it", async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.doesNotMatch(html, /logs/i);
    assert.equal((await fetch(`${base}${EXTENSIONS_PATH}`)).status, 401);
    const wrong = await fetch(`${base}${EXTENSIONS_PATH}`, {
      headers: { authorization: "Bearer another-token-0123456789-0123456789" },
    });
    assert.equal(wrong.status, 401);
    const session = await fetch(`${base}/ddbridge/session`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: mintLoginCode(TOKEN),
    });
    const { credential } = (await session.json()) as { credential: string };
    const list = await fetch(`${base}${EXTENSIONS_PATH}`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    assert.equal(list.status, 200);
    assert.deepEqual(await list.json(), [JSON.parse(JSON.stringify(ENTRY))]);
  });

  it("refuses another origin before anything, and tells RPCs where to go", async () => {
    const cross = await fetch(`${base}${EXTENSIONS_PATH}`, {
      headers: { origin: "http://logs.localhost:1", authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(cross.status, 403);
    const rpc = await fetch(`${base}/ddbridge.v1.HttpService/Call`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(rpc.status, 404);
    assert.match(((await rpc.json()) as { message: string }).message, /NAME\.localhost/);
  });
});
