import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { injectShim } from "./shim-script.js";

describe("injectShim", () => {
  const tag = '<script src="/ddbridge/shim.js"></script>';
  it("puts the shim first in <head>, before the extension's scripts", () => {
    assert.equal(
      injectShim(
        '<!doctype html><html><head lang="x"><script src="app.js"></script></head></html>',
      ),
      `<!doctype html><html><head lang="x">${tag}<script src="app.js"></script></head></html>`,
    );
  });
  it("works without a <head>", () => {
    assert.equal(injectShim("<!DOCTYPE html><p>hi</p>"), `<!DOCTYPE html>${tag}<p>hi</p>`);
    assert.equal(injectShim("<p>hi</p>"), `${tag}<p>hi</p>`);
  });
  it("does not take <header> for <head>", () => {
    assert.equal(injectShim("<header>x</header>"), `${tag}<header>x</header>`);
  });
});
