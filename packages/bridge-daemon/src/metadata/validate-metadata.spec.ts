import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  dockerfileLabels,
  type PathKind,
  REQUIRED_LABELS,
  validateLabels,
  validateMetadata,
} from "./validate-metadata.js";

/** An image (or folder) holding exactly these paths. */
const holding =
  (files: string[], folders: string[] = []) =>
  async (path: string): Promise<PathKind> =>
    files.includes(path) ? "file" : folders.includes(path) ? "folder" : undefined;

const VALID = {
  icon: "docker.svg",
  ui: { "dashboard-tab": { title: "Hello", root: "/ui", src: "index.html" } },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder Docker Desktop expands
  vm: { image: "${DESKTOP_PLUGIN_IMAGE}", exposes: { socket: "backend.sock" } },
  host: {
    binaries: [{ linux: [{ path: "/linux/kubectl" }], darwin: [{ path: "/darwin/kubectl" }] }],
  },
};
const VALID_FILES = holding(
  ["docker.svg", "/ui/index.html", "/linux/kubectl", "/darwin/kubectl"],
  ["/ui"],
);

describe("validateMetadata", () => {
  it("passes a complete extension, and one with only an icon", async () => {
    assert.deepEqual(await validateMetadata(VALID, VALID_FILES), []);
    assert.deepEqual(await validateMetadata({ icon: "docker.svg" }, VALID_FILES), []);
  });

  it("names the field of each problem", async () => {
    const problems = await validateMetadata(
      {
        ui: { "dashboard-tab": { root: "/missing" }, "settings-tab": {} },
        vm: { image: "x", composefile: "compose.yaml", exposes: { socket: "/run/x.sock" } },
        host: { binaries: [{ linux: [{ path: "/linux/gone" }], beos: [] }] },
      },
      VALID_FILES,
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      [
        "icon",
        "ui.dashboard-tab.title",
        "ui.dashboard-tab.root",
        "ui.dashboard-tab.src",
        "ui.settings-tab",
        "ui.settings-tab.title",
        "ui.settings-tab.root",
        "ui.settings-tab.src",
        "vm",
        "vm.composefile",
        "vm.exposes.socket",
        "host.binaries[0].linux[0].path",
        "host.binaries[0].beos",
      ],
    );
    assert.match(
      problems.find((p) => p.field === "ui.dashboard-tab.root")!.message,
      /"\/missing": no such folder/,
    );
  });

  it("wants a folder for a UI root and a file for its page", async () => {
    const swapped = holding(["docker.svg", "/ui"], ["/ui/index.html"]);
    const problems = await validateMetadata({ icon: "docker.svg", ui: VALID.ui }, swapped);
    assert.deepEqual(
      problems.map((p) => p.field),
      ["ui.dashboard-tab.root", "ui.dashboard-tab.src"],
    );
  });

  it("refuses what is not an object", async () => {
    assert.deepEqual(await validateMetadata([], VALID_FILES), [
      { field: "(root)", message: "metadata.json must be a JSON object" },
    ]);
    const problems = await validateMetadata(
      { icon: "docker.svg", host: { binaries: {} } },
      VALID_FILES,
    );
    assert.deepEqual(problems, [{ field: "host.binaries", message: "must be a list" }]);
  });
});

describe("validateLabels", () => {
  const all = Object.fromEntries(REQUIRED_LABELS.map((l) => [l, "x"]));
  all["com.docker.desktop.extension.api.version"] = ">= 0.3.4";
  all["com.docker.extension.screenshots"] = '[{"alt": "a", "url": "https://example.com/a.png"}]';

  it("passes every required label, well formed", () => {
    assert.deepEqual(validateLabels(all), []);
  });

  it("names each missing or malformed label", () => {
    assert.equal(validateLabels({}).length, REQUIRED_LABELS.length);
    const bad = validateLabels({
      ...all,
      "com.docker.desktop.extension.api.version": "latest",
      "com.docker.extension.screenshots": "a.png",
    });
    assert.deepEqual(
      bad.map((p) => p.field),
      ["LABEL com.docker.desktop.extension.api.version", "LABEL com.docker.extension.screenshots"],
    );
  });
});

describe("dockerfileLabels", () => {
  it("reads LABEL lines: quoted, unquoted, continued, later ones win", () => {
    const labels = dockerfileLabels(
      [
        "FROM alpine",
        'LABEL org.opencontainers.image.title="My \\"ext\\"" \\',
        "    org.opencontainers.image.vendor='Acme Inc' version=1",
        "label version=2",
        "RUN echo LABEL not=this",
      ].join("\n"),
    );
    assert.deepEqual(labels, {
      "org.opencontainers.image.title": 'My "ext"',
      "org.opencontainers.image.vendor": "Acme Inc",
      version: "2",
    });
  });
});
