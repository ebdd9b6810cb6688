import type { ScaffoldPlan } from "./plan-scaffold.js";

/**
 * playwright.config.ts for `@ddbridge/playwright`: a BACKEND_MODE switch
 * between the backend as a local process (with the UI from its dev server,
 * started by Playwright's webServer) and the image through `ddbridge up`;
 * the browser choice explained, with CHROMIUM for a system Chromium.
 */
export function renderPlaywrightConfig(plan: ScaffoldPlan): string {
  const { backend, ui } = plan;
  const processMode = `process (the default): ${
    backend
      ? `the ${backend.language} backend from ${backend.cwd}/ (${backend.command.slice(0, 3).join(" ")}), on a socket ddbridge chooses,`
      : plan.hasVm
        ? "no backend yet (set backend.command below),"
        : "no backend (metadata.json has no vm),"
  } ${ui ? `and the UI from its dev server (${ui.dev}), which webServer below starts.` : "and the UI from metadata.json's ui root."}`;
  const upMode = plan.hasDockerfile
    ? "up: the image your Dockerfile builds, run as Docker Desktop runs it (ddbridge up): UI and backend from the image. It needs a Docker engine (the local one, DOCKER_HOST, or the docker context)."
    : "up: needs a Dockerfile, which this repository has not.";
  const modes = [
    "// Two ways to run the extension under test, chosen by BACKEND_MODE:",
    ...wrap(processMode, "//   ", "//     "),
    ...wrap(upMode, "//   ", "//     "),
    `// Run: npx playwright test${plan.hasDockerfile ? ", or BACKEND_MODE=up npx playwright test" : ""}`,
  ];
  const notes = plan.backendNotes.flatMap((n) => wrap(`Check: ${n}.`, "// ", "//   "));
  const processOption = [
    "{",
    '        dir: ".",',
    ...(ui ? ["        uiSource: uiUrl,"] : []),
    ...(backend
      ? [
          `        backend: { command: ${JSON.stringify(backend.command).replaceAll('","', '", "')}, cwd: ${JSON.stringify(backend.cwd)} },`,
        ]
      : plan.hasVm
        ? [
            '        // backend: { command: ["./my-backend", "-socket", "{socket}"], cwd: "backend" },',
          ]
        : []),
    "      }",
  ].join("\n");
  return `import type { ExtensionOptions } from "@ddbridge/playwright";
import { defineConfig } from "@playwright/test";

// Written by \`ddbridge init-tests\` from metadata.json${plan.hasDockerfile ? ", the Dockerfile" : ""}${ui ? ` and ${ui.dir}/package.json` : ""}.
// It is yours now: edit it as the extension grows.
//
${modes.join("\n")}
${notes.length ? `//\n${notes.join("\n")}\n` : ""}const mode = process.env.BACKEND_MODE ?? "process";
if (mode !== "process" && mode !== "up") {
  throw new Error(\`BACKEND_MODE is "process" or "up", not "\${mode}"\`);
}
${ui ? `// Your dev server's address (${ui.dir}/: the dev script, or vite.config's server.port).\nconst uiUrl = ${JSON.stringify(ui.url)};\n` : ""}
const extension: ExtensionOptions =
  mode === "up"
    ? // --yes: a test has no terminal to answer up's question about the privileges
      // (host folders, the engine's socket) that the backend asks for.
      { dir: ".", backend: "up", args: ["--yes"] }
    : ${processOption};

// The browser: Playwright's own Chromium, which \`npx playwright install chromium\` downloads
// (the CI workflow does). To use a Chromium already on the machine instead (a distro package,
// a CI image without downloads), point CHROMIUM at it:
//   CHROMIUM=/usr/bin/chromium npx playwright test
const chromium = process.env.CHROMIUM;

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  // The list in the terminal; the HTML report (playwright-report/) and test-results/ keep a
  // failed test's trace, screenshot, browser console and the ddbridge daemon's and backend's logs.
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    extension,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...(chromium && { launchOptions: { executablePath: chromium, args: ["--no-sandbox"] } }),
  },
${
  ui
    ? `  webServer:
    mode === "process"
      ? {
          command: ${JSON.stringify(ui.dev)},
          url: uiUrl,
          reuseExistingServer: !process.env.CI,
          timeout: 120_000,
        }
      : undefined,
`
    : ""
}});
`;
}

/** Words of `text` in comment lines of at most 96 characters. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const prefix = lines.length === 0 ? first : rest;
    if (line.length + word.length + 1 > 96 && line.trim() !== prefix.trim()) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += line === first || line === rest ? word : ` ${word}`;
  }
  lines.push(line.trimEnd());
  return lines;
}
