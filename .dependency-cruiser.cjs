// The import rules of the repository, checked by `npm test` (its `npm run deps` step).
// docs/architecture.md draws the same layers; docs/architecture.spec.ts keeps the two in step.

/**
 * The daemon's layers, top to bottom: a folder may import only from folders
 * in lower layers, never from its own layer's other folders or from above.
 */
const DAEMON_LAYERS = [
  ["cli"],
  ["host"],
  ["install", "scaffold"],
  ["server"],
  ["services"],
  ["exec", "backend"],
  ["engine"],
  ["auth", "ui", "metadata", "fs", "rpc", "websocket", "process"],
  ["log"],
];
const DAEMON_SRC = "^packages/bridge-daemon/src/";

const layerRules = DAEMON_LAYERS.flatMap((layer, rank) =>
  layer.map((folder) => {
    const above = DAEMON_LAYERS.slice(0, rank).flat();
    const siblings = layer.filter((f) => f !== folder);
    return {
      name: `layer-${rank + 1}-${folder}`,
      comment: `bridge-daemon/src/${folder}/ imports only from lower layers (docs/architecture.md)`,
      severity: "error",
      from: { path: `${DAEMON_SRC}${folder}/` },
      to: { path: `${DAEMON_SRC}(${[...above, ...siblings].join("|")})/` },
    };
  }),
);

/**
 * The packages and the workspace packages each one's code may import (its
 * specs and test/ may also use @ddbridge/testing). docs/architecture.md's
 * package table and picture show the same graph; docs/architecture.spec.ts
 * keeps them in step.
 */
const PACKAGE_IMPORTS = {
  proto: [],
  protocol: [],
  client: ["proto"],
  "web-shim": ["client", "proto"],
  "bridge-daemon": ["proto", "protocol", "client", "web-shim"],
  playwright: ["bridge-daemon", "client", "web-shim"],
  testing: ["bridge-daemon", "client"],
  conformance: ["bridge-daemon", "protocol"],
  bench: ["bridge-daemon", "client", "testing"],
};

const packageRules = Object.entries(PACKAGE_IMPORTS).map(([name, allowed]) => ({
  name: `package-${name}`,
  comment: `packages/${name} imports only ${allowed.join(", ") || "no other workspace package"} (docs/architecture.md)`,
  severity: "error",
  from: { path: `^packages/${name}/`, pathNot: ["\\.spec\\.ts$", `^packages/${name}/test/`] },
  to: {
    path: "^packages/[^/]+/",
    pathNot: [`^packages/(${[name, ...allowed].join("|")})/`, "^packages/client-(go|python)/"],
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    ...packageRules,
    {
      name: "layer-folders-only",
      comment: "every daemon module lives in a layer folder (or is the package's index.ts)",
      severity: "error",
      from: { path: DAEMON_SRC },
      to: {
        path: DAEMON_SRC,
        pathNot: [`${DAEMON_SRC}(${DAEMON_LAYERS.flat().join("|")})/`, `${DAEMON_SRC}index\\.ts$`],
      },
    },
    {
      name: "no-circular",
      comment: "no import cycles anywhere",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-not-to-examples",
      comment: "the examples use the packages, never the other way round",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^examples/" },
    },
    {
      name: "no-relative-import-across-packages",
      comment:
        "another package is reached by its name and public exports, never by a relative path",
      severity: "error",
      from: { path: "^(packages/[^/]+|examples/[^/]+|docs)/" },
      to: { dependencyTypes: ["local"], pathNot: "^$1/" },
    },
    {
      name: "sources-not-to-tests",
      comment: "shipped code never imports tests, benchmarks or test helpers",
      severity: "error",
      from: {
        path: "^packages/[^/]+/src/",
        pathNot: ["\\.spec\\.ts$", "^packages/(testing|bench)/"],
      },
      to: { path: ["^packages/[^/]+/test/", "^packages/(testing|bench)/"] },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "(^|/)dist/"] },
    exclude: { path: ["/gen/", "(^|/)node_modules/"] },
    tsConfig: { fileName: "tsconfig.test.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
