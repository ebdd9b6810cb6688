import { flagHelp, flagsOf, SET_BY_UP } from "./flags.js";

/** The commands and their one-line summaries, for `ddbridge help`. */
const COMMANDS = `Usage:
  ddbridge serve [--extension DIR] [flags]   serve an extension folder: its backend socket,
                                             host binaries and UI (or --ui-source URL)
  ddbridge up IMAGE|DIR [flags]              install an extension image (or build DIR's
                                             Dockerfile), start its backend containers, and
                                             serve it; Ctrl+C stops serving only
  ddbridge up A B ... | ddbridge host [A...]  serve several extensions from one daemon, each
                                             on its own origin http://NAME.localhost:PORT,
                                             with an index page at http://localhost:PORT/;
                                             while it runs, ddbridge up C adds one
  ddbridge rm NAME [--volumes]               stop serving one of the host's extensions and
                                             remove it (the others keep serving)
  ddbridge update NAME                       reinstall one (rebuild a DIR), restart its
                                             backend, keep its volumes, origin and token
  ddbridge down IMAGE|DIR | --all            remove what up created
  ddbridge ls [--json]                       what up installed: name, image, state, URL
  ddbridge validate DIR|FILE|IMAGE           check metadata.json (and the image's labels)
  ddbridge url [ORIGIN]                      print the UI's URL with its token again
  ddbridge init-tests [DIR]                  write Playwright tests and a CI job for an
                                             extension repository (@ddbridge/playwright)
  ddbridge exec [-i] [-t] CMD [ARGS...]      run a command in a served extension's backend
                                             (or --host binary), as docker exec does
  ddbridge help [COMMAND] | COMMAND --help   help for all, or one command
  ddbridge --version                         the version
`;

const STATE = `State (token, installed extensions) lives in DDBRIDGE_HOME (default: ~/.ddbridge).
`;

const SET_BY_UP_TEXT = wrap(
  `those of serve, except ${SET_BY_UP.map((f) => `--${f.name}`)
    .join(", ")
    .replace(/, ([^,]*)$/, " and $1")}, which up sets; and`,
  "Flags: ".length,
);

/** Help text per command; "" is the overview. */
export const HELP: Record<string, string> = {
  "": `ddbridge: the Docker Desktop extension backend API, anywhere.

${COMMANDS}
Run "ddbridge COMMAND --help" for a command's flags.
${STATE}`,
  serve: `Usage: ddbridge serve [--extension DIR] [flags]

Serves an extension folder (metadata.json, its UI, its host binaries) and its
backend socket over gRPC, gRPC-Web and Connect, with window.ddClient in the UI.

Flags:
${flagHelp(flagsOf("serve"))}
${STATE}`,
  up: `Usage: ddbridge up IMAGE|DIR [flags]

Installs an extension image as Docker Desktop does (a DIR is built from its
Dockerfile first), starts its backend containers, and serves it like serve.

Flags: ${SET_BY_UP_TEXT}
${flagHelp(flagsOf("up").filter((f) => !(f.commands as readonly string[]).includes("serve")))}${STATE}`,
  host: `Usage: ddbridge host [IMAGE|DIR...] [flags]   (or: ddbridge up A B ...)

Serves several extensions from one daemon on one port, each installed as up
installs it and served on its own origin, http://NAME.localhost:PORT (browsers
resolve *.localhost to this machine), with its own token, backend, host
binaries and UI: one extension's page or token reaches nothing of another's.
http://localhost:PORT/ is the index page (icons, versions, states, links,
privileges), behind the host's own token (--token-file). Clients that reach
the port by address send the extension's own token (ddbridge ls --json shows
its tokenFile), or name its origin (grpcurl -authority NAME.localhost:PORT).
While it runs: ddbridge up IMAGE|DIR adds one, ddbridge rm NAME removes one,
ddbridge update NAME reinstalls one; the others keep serving.

Flags: those of up.
${STATE}`,
  rm: `Usage: ddbridge rm NAME [--volumes]

Stops serving one extension of the running host (NAME as ddbridge ls shows it:
its origin's name, its image or its metadata name), ends its commands and
streams, and removes what its up created; the other extensions keep serving.
Without a running host, the same as ddbridge down NAME.

Flags:
${flagHelp(flagsOf("rm"))}${STATE}`,
  update: `Usage: ddbridge update NAME [--yes]

Installs one extension of the running host again: the image as it is now in
the engine (a folder is rebuilt from its Dockerfile), its backend restarted,
its named volumes kept; it comes back on the same origin with the same token,
so its open pages keep working after a reload. The others keep serving.

Flags:
${flagHelp(flagsOf("update"))}${STATE}`,
  down: `Usage: ddbridge down IMAGE|DIR | --all

Removes what up created: containers, networks, a built image, extracted files.
Named volumes stay (their data survives a reinstall), as with docker compose down.

Flags:
${flagHelp(flagsOf("down"))}${STATE}`,
  ls: `Usage: ddbridge ls [--json]

Lists what up installed: name, image, state of its backend containers, and the
URL of the daemon serving it (when one runs).

Flags:
${flagHelp(flagsOf("ls"))}${STATE}`,
  exec: `Usage: ddbridge exec [-i] [-t] [--host|--docker] [flags] CMD [ARGS...]

Runs CMD in the backend of the extension a daemon serves (serve or up), as
docker exec does: -i passes stdin, -t opens a terminal (this one goes raw; its
size and resizes follow, Ctrl+C reaches the command); the exit code is the
command's, 125 when ddbridge failed, 126/127 when CMD cannot run or is not found.
No shell: CMD and ARGS are passed as they are. The token is read as by any
client (DDBRIDGE_TOKEN, else --token-file, default ~/.ddbridge/token).

Flags:
${flagHelp(flagsOf("exec"))}${STATE}`,
  "init-tests": `Usage: ddbridge init-tests [DIR] [--ci github|gitlab|none] [--force]

Writes the end-to-end tests of the extension in DIR (default: .), from its
metadata.json, Dockerfile and UI package (the layout docker extension init makes):
  playwright.config.ts                 @ddbridge/playwright's fixture: BACKEND_MODE=process
                                       runs the backend from source on {socket} and the UI
                                       from its dev server (webServer); BACKEND_MODE=up runs
                                       the Dockerfile's image with ddbridge up
  e2e/extension.spec.ts                a first test: the UI renders, the backend answers
  .github/workflows/extension-e2e.yml  both modes on a plain runner (--ci github, default)
  .gitlab-ci.yml                       the same for GitLab CI (--ci gitlab)
and adds node_modules/, test-results/ and playwright-report/ to .gitignore.
An existing file is never replaced without --force: then nothing is written.

Flags:
${flagHelp(flagsOf("init-tests"))}`,
  url: `Usage: ddbridge url [ORIGIN]

Prints an address to open the extension UI at, with a fresh login code in its
fragment (#ddbridge-code=...), as serve printed when it started. The code works
once, within 15 minutes: the page exchanges it for its own session credential,
so the address the browser keeps in its history is spent. ORIGIN is the
daemon's address (default: http://127.0.0.1:7799). Codes are made from the
token: DDBRIDGE_TOKEN, else the token file.

Flags:
${flagHelp(flagsOf("url"))}${STATE}`,
  validate: `Usage: ddbridge validate DIR | PATH/metadata.json | IMAGE

Checks an extension as docker extension validate does: metadata.json against
Docker's schema (required fields, icon, UI root and entry, vm.image or
vm.composefile, host.binaries per platform, and that the files it names
exist) and the labels Docker Desktop requires, read from an image or from
DIR's Dockerfile. A metadata.json file, or a folder without a Dockerfile, is
checked alone (before an image is built): the labels are then not checked.
Prints each problem on one line with its field; exits 1 if there is any.

Flags:
${flagHelp(flagsOf("validate"))}`,
};

/** Wraps prose at 80 columns; the first line is `offset` columns shorter. */
function wrap(text: string, offset: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const width = 80 - (lines.length === 0 ? offset : 0);
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}
