import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planScaffold } from "./plan-scaffold.js";
import type { ProjectFiles } from "./project-files.js";

const TEMPLATE: ProjectFiles = {
  metadata: {
    vm: { composefile: "docker-compose.yaml", exposes: { socket: "backend.sock" } },
    ui: { "dashboard-tab": { title: "My Extension", root: "ui", src: "index.html" } },
  },
  dockerfile: "FROM alpine\nCMD /service -socket /run/guest-services/backend.sock\n",
  composeService: {},
  ui: {
    dir: "ui",
    scripts: { dev: "vite", build: "tsc && vite build" },
    dependencies: { vite: "8.3.8" },
    lockfile: "npm",
    viteConfig: "export default defineConfig({ server: { port: 3000, strictPort: true } });",
  },
  backend: { dir: "backend", files: ["go.mod", "main.go"], main: undefined },
  playwrightVersion: "1.65.1",
};

describe("planScaffold", () => {
  it("plans docker extension init's template: go run . in backend/ on {socket}, Vite on 3000", () => {
    assert.deepEqual(planScaffold(TEMPLATE), {
      backend: {
        command: ["go", "run", ".", "-socket", "{socket}"],
        cwd: "backend",
        language: "Go",
      },
      backendNotes: [],
      hasVm: true,
      ui: {
        dir: "ui",
        install: "npm ci --prefix ui",
        dev: "npm run dev --prefix ui",
        url: "http://localhost:3000",
        lockfile: true,
      },
      hasDockerfile: true,
      go: { modFile: "backend/go.mod", sumFile: undefined },
      playwrightVersion: "1.65.1",
    });
  });

  it("takes the compose service's command, a Node backend's main, pnpm, Vite's default port", () => {
    const plan = planScaffold({
      ...TEMPLATE,
      composeService: {
        command: ["node", "/app/server.js", "--listen=/run/guest-services/backend.sock"],
      },
      backend: { dir: "backend", files: ["package.json", "server.js"], main: "server.js" },
      ui: { ...TEMPLATE.ui!, lockfile: "pnpm", viteConfig: "export default {}" },
    });
    assert.deepEqual(plan.backend, {
      command: ["node", "server.js", "/app/server.js", "--listen={socket}"],
      cwd: "backend",
      language: "Node",
    });
    assert.equal(plan.ui?.dev, "pnpm --dir ui run dev");
    assert.equal(plan.ui?.url, "http://localhost:5173");
    assert.equal(plan.go, undefined);
  });

  it("says what it cannot tell: no socket in the start command, no known language, no backend folder", () => {
    const noSocket = planScaffold({
      ...TEMPLATE,
      dockerfile: 'FROM x\nCMD ["/service", "--port", "80"]\n',
    });
    assert.deepEqual(noSocket.backend?.command, ["go", "run", ".", "--port", "80"]);
    assert.match(noSocket.backendNotes[0]!, /does not name \/run\/guest-services\/backend\.sock/);
    const unknown = planScaffold({
      ...TEMPLATE,
      backend: { dir: "backend", files: ["Makefile"], main: undefined },
    });
    assert.equal(unknown.backend, undefined);
    assert.match(
      unknown.backendNotes[0]!,
      /no Go, Node, Python or Rust project found in backend\//,
    );
    const none = planScaffold({ ...TEMPLATE, backend: undefined });
    assert.match(none.backendNotes[0]!, /no backend\/ folder was found/);
  });

  it("plans a UI-only extension without a backend or Dockerfile", () => {
    const plan = planScaffold({
      ...TEMPLATE,
      metadata: { ui: TEMPLATE.metadata.ui },
      dockerfile: undefined,
      backend: undefined,
      ui: { ...TEMPLATE.ui!, lockfile: undefined },
    });
    assert.equal(plan.hasVm, false);
    assert.equal(plan.backend, undefined);
    assert.deepEqual(plan.backendNotes, []);
    assert.equal(plan.hasDockerfile, false);
    assert.equal(plan.ui?.install, "npm install --prefix ui");
  });
});
