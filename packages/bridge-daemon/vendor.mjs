// Bundles the Docker client (dockerode, with docker-modem, tar-fs and the gRPC
// and protobuf code of its BuildKit sessions) into dist/vendor/dockerode.cjs,
// so installing the daemon does not install, nor ask to run the install
// scripts of, ssh2 and its native cpu-features (npm 11 warns about each):
// ssh2 is only for ssh:// engines, and is loaded from the user's own install
// when one is used (`npm i ssh2`). Run by the build (npm run setup, pack).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const out = new URL("./dist/vendor/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

/** ssh2, as dockerode's ssh transport sees it: the real package, loaded when an ssh:// engine is first dialled. */
const SSH2_ON_DEMAND = `
const name = "ssh2";
let ssh2;
function load() {
  try {
    ssh2 ??= require(name);
    return ssh2;
  } catch (err) {
    if (err.code !== "MODULE_NOT_FOUND") throw err;
    throw new Error("an ssh:// Docker engine needs the ssh2 package, which ddbridge does not install: npm i ssh2");
  }
}
class Client {
  constructor(...args) {
    return new (load().Client)(...args);
  }
}
module.exports = { Client };
`;

const result = await build({
  entryPoints: [require.resolve("dockerode")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: join(out, "dockerode.cjs"),
  metafile: true,
  logLevel: "warning",
  legalComments: "eof",
  plugins: [
    {
      name: "ssh2-on-demand",
      setup(b) {
        b.onResolve({ filter: /^ssh2$/ }, () => ({ path: "ssh2", namespace: "ssh2-on-demand" }));
        b.onLoad({ filter: /.*/, namespace: "ssh2-on-demand" }, () => ({
          contents: SSH2_ON_DEMAND,
          loader: "js",
        }));
      },
    },
  ],
});

// dockerode reads its BuildKit protos next to its code (__dirname/proto).
cpSync(join(dirname(require.resolve("dockerode")), "proto"), join(out, "proto"), {
  recursive: true,
});

// What the bundle holds, with each package's version and license.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.split("node_modules/.pnpm/").pop());
  if (!m) continue;
  const dir = input.slice(
    0,
    input.lastIndexOf(`node_modules/${m[1]}/`) + `node_modules/${m[1]}`.length,
  );
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  packages.set(pkg.name, `${pkg.name}@${pkg.version} (${pkg.license ?? "see its package"})`);
}
writeFileSync(
  join(out, "dockerode.LICENSES.txt"),
  `dist/vendor/dockerode.cjs bundles these packages, unchanged but for ssh2, which is loaded on demand:\n${[...packages.values()].sort().join("\n")}\n`,
);
console.log(`dist/vendor/dockerode.cjs: ${packages.size} packages`);
