// Bundles the browser shim: a classic script that installs window.ddClient by
// itself (what the daemon serves at /ddbridge/shim.js), and an ES module
// exporting installDdClient. Prints the minified + gzip size.

import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const dir = new URL("./dist/bundle/", import.meta.url);
await mkdir(dir, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  target: "es2020",
  platform: "browser",
  legalComments: "none",
};
await build({
  ...common,
  entryPoints: ["src/auto.ts"],
  format: "iife",
  outfile: "dist/bundle/ddbridge-shim.js",
});
await build({
  ...common,
  entryPoints: ["src/index.ts"],
  format: "esm",
  outfile: "dist/bundle/ddbridge-shim.mjs",
});
// Desktop's screens (desktopUI.navigate.*) as the daemon's pages: xterm.js only here.
await build({
  ...common,
  entryPoints: ["src/views/views-app.ts"],
  format: "iife",
  loader: { ".css": "text" },
  outfile: "dist/bundle/ddbridge-views.js",
});
for (const f of ["ddbridge-shim.js", "ddbridge-shim.mjs", "ddbridge-views.js"]) {
  const bytes = readFileSync(new URL(f, dir));
  console.log(
    `${f}: ${(bytes.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzip`,
  );
}
