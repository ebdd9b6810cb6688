import type { BackendFolder, ProjectFiles, UiPackage } from "./project-files.js";
import { socketArgs, startCommand } from "./start-command.js";

/** What the scaffold writes, decided from the repository's files before anything is written. */
export interface ScaffoldPlan {
  /** The backend as a local process, when its language and start are known. */
  backend: { command: string[]; cwd: string; language: string } | undefined;
  /** Why the backend could not be planned, or what to check in it. */
  backendNotes: string[];
  /** Whether metadata.json declares a backend at all (vm). */
  hasVm: boolean;
  ui: UiPlan | undefined;
  /** A Dockerfile is there: BACKEND_MODE=up can build and run the image. */
  hasDockerfile: boolean;
  /** For the Go setup step of CI: the backend's go.mod and go.sum (when present). */
  go: { modFile: string; sumFile: string | undefined } | undefined;
  /** The CI image tag matching the installed @playwright/test. */
  playwrightVersion: string | undefined;
}

/** The UI's dev server: how to install, start and reach it. */
export interface UiPlan {
  dir: string;
  install: string;
  dev: string;
  url: string;
  /** Whether the UI's lockfile is committed (CI installs with it). */
  lockfile: boolean;
}

/** Decides what to write from what `readProjectFiles` found. */
export function planScaffold(files: ProjectFiles): ScaffoldPlan {
  const hasVm = files.metadata.vm !== undefined;
  const socket = files.metadata.vm?.exposes?.socket;
  const notes: string[] = [];
  let backend: ScaffoldPlan["backend"];
  if (hasVm && files.backend) {
    const program = backendProgram(files.backend);
    if (!program) {
      notes.push(
        `no Go, Node, Python or Rust project found in ${files.backend.dir}/: set backend.command in playwright.config.ts to start your backend on {socket}`,
      );
    } else {
      const start = startCommand(files.dockerfile, files.composeService);
      const { args, socketFound } = socketArgs(start, socket);
      if (!socketFound) {
        notes.push(
          start.length
            ? `the backend's start command (${start.join(" ")}) does not name /run/guest-services/${socket ?? "<socket>"}: make sure the backend listens on the {socket} path playwright.config.ts passes`
            : "no CMD in the Dockerfile (nor command in the compose file): the backend gets -socket {socket}; change it if your backend takes its socket path another way",
        );
      }
      backend = {
        command: [
          ...program.run,
          ...(socketFound || start.length ? args : ["-socket", "{socket}"]),
        ],
        cwd: files.backend.dir,
        language: program.language,
      };
    }
  } else if (hasVm) {
    notes.push(
      "metadata.json has a vm, but no backend/ folder was found: set backend.command in playwright.config.ts, or test it with BACKEND_MODE=up",
    );
  }
  const goMod = files.backend?.files.includes("go.mod");
  return {
    backend,
    backendNotes: notes,
    hasVm,
    ui: files.ui ? uiPlan(files.ui) : undefined,
    hasDockerfile: files.dockerfile !== undefined,
    go:
      goMod && files.backend
        ? {
            modFile: `${files.backend.dir}/go.mod`,
            sumFile: files.backend.files.includes("go.sum")
              ? `${files.backend.dir}/go.sum`
              : undefined,
          }
        : undefined,
    playwrightVersion: files.playwrightVersion,
  };
}

/** How to run a backend from source, by what its folder holds. */
function backendProgram(b: BackendFolder): { run: string[]; language: string } | undefined {
  const has = (f: string) => b.files.includes(f);
  if (has("go.mod")) return { run: ["go", "run", "."], language: "Go" };
  if (has("Cargo.toml")) return { run: ["cargo", "run", "--quiet", "--"], language: "Rust" };
  if (has("package.json")) {
    const entry = b.main ?? ["index.js", "server.js", "main.js", "index.ts", "server.ts"].find(has);
    if (entry) {
      return {
        run: /\.[cm]?ts$/.test(entry) ? ["npx", "tsx", entry] : ["node", entry],
        language: "Node",
      };
    }
  }
  if (has("requirements.txt") || has("pyproject.toml") || has("main.py") || has("app.py")) {
    const entry = ["main.py", "app.py", "server.py"].find(has);
    if (entry) return { run: ["python3", entry], language: "Python" };
  }
  return undefined;
}

/** The dev server of the UI package: its package manager's commands and its URL. */
function uiPlan(ui: UiPackage): UiPlan {
  const script = ui.scripts.dev ? "dev" : ui.scripts.start ? "start" : "dev";
  const port = devPort(ui, script);
  const run = {
    npm: { install: `npm ci --prefix ${ui.dir}`, dev: `npm run ${script} --prefix ${ui.dir}` },
    pnpm: {
      install: `pnpm --dir ${ui.dir} install --frozen-lockfile`,
      dev: `pnpm --dir ${ui.dir} run ${script}`,
    },
    yarn: {
      install: `yarn --cwd ${ui.dir} install --frozen-lockfile`,
      dev: `yarn --cwd ${ui.dir} run ${script}`,
    },
  }[ui.lockfile ?? "npm"];
  return {
    dir: ui.dir,
    install: ui.lockfile ? run.install : `npm install --prefix ${ui.dir}`,
    dev: run.dev,
    url: `http://localhost:${port}`,
    lockfile: ui.lockfile !== undefined,
  };
}

/** The port of the dev server: vite.config's server.port, a --port in the script, else the tool's default. */
function devPort(ui: UiPackage, script: string): number {
  const fromVite = ui.viteConfig && /\bport\s*:\s*(\d{2,5})\b/.exec(ui.viteConfig);
  if (fromVite) return Number(fromVite[1]);
  const fromScript = /--port[=\s]+(\d{2,5})\b/.exec(ui.scripts[script] ?? "");
  if (fromScript) return Number(fromScript[1]);
  if (ui.viteConfig || "vite" in ui.dependencies) return 5173;
  return 3000;
}
