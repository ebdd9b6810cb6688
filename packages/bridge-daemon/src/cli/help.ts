/** The commands and their one-line summaries, for `ddbridge help`. */
const COMMANDS = `Usage:
  ddbridge serve [--extension DIR] [flags]   serve an extension folder: its backend socket,
                                             host binaries and UI (or --ui-source URL)
  ddbridge up IMAGE|DIR [flags]              install an extension image (or build DIR's
                                             Dockerfile), start its backend containers, and
                                             serve it; Ctrl+C stops serving only
  ddbridge down IMAGE|DIR | --all            remove what up created
  ddbridge ls [--json]                       what up installed: name, image, state, URL
  ddbridge validate DIR|FILE|IMAGE           check metadata.json (and the image's labels)
  ddbridge url [ORIGIN]                      print the UI's URL with its token again
  ddbridge init-tests [DIR]                  write Playwright tests and a CI job for an
                                             extension repository (@ddbridge/playwright)
  ddbridge help [COMMAND] | COMMAND --help   help for all, or one command
  ddbridge --version                         the version
`;

const SERVE_FLAGS = `  --extension DIR        extension folder with metadata.json (default: .)
  --listen HOST:PORT     TCP address for gRPC, gRPC-Web, Connect and the UI
                         (default: 127.0.0.1:7799; HOST:0 picks a free port; "none": no TCP)
  --unix PATH            also listen on a unix socket (mode 0600)
  --socket PATH          the backend's socket (default: vm.exposes.socket under --guest-services)
  --guest-services DIR   where backend sockets live (default: ~/.ddbridge/guest-services)
  --host-bin DIR         run host binaries from DIR instead of metadata.json's host.binaries
                         for this platform (taken under the extension folder)
  --vm-workdir DIR       working directory of VM commands, local runner (default: DIR)
  --image NAME           the extension's image (ddClient.extension.image)
  --ui DIR               serve this folder's index.html at / instead of the
                         extension's ui["dashboard-tab"]
  --ui-source URL        take the UI from a running dev server (Vite, webpack...): every page
                         request is proxied to URL, HTML gets the shim, WebSockets (HMR) pass
  --open                 open the UI in the default browser
  --token-file PATH      bearer token file; created (0600) with a new token if
                         missing (default: ~/.ddbridge/token). DDBRIDGE_TOKEN wins;
                         a token must have at least 32 characters.
  --log-level LEVEL      debug, info, warn, error or silent (default: info)
  --max-body SIZE        largest unary HTTP body (default: 4MiB)
  --http-timeout TIME    backend response timeout (default: 30s)
  --kill-grace TIME      SIGTERM to SIGKILL delay for cancelled commands (default: 2s)
  --allow-origin ORIGIN  let pages of ORIGIN call the daemon cross-origin; repeatable
  --allow-host NAME      also answer to Host NAME (besides IP addresses and
                         localhost; DNS names are refused against DNS rebinding); repeatable
  --vm-container NAME    run VM commands in this container (Engine API exec)
                         instead of the local runner
  --docker-host URL      the engine for containers and ddClient.docker.*
                         (default: DOCKER_HOST, else unix:///var/run/docker.sock)
  --docker-cli PATH      the docker CLI behind ddClient.docker.cli.exec (default: docker)
  --no-docker            turn ddClient.docker.* off
  --no-fast-path         serve every call with connect-node, not only those the
                         hot path does not take (for comparing the two)
`;

const STATE = `State (token, installed extensions) lives in DDBRIDGE_HOME (default: ~/.ddbridge).
`;

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
${SERVE_FLAGS}
${STATE}`,
  up: `Usage: ddbridge up IMAGE|DIR [flags]

Installs an extension image as Docker Desktop does (a DIR is built from its
Dockerfile first), starts its backend containers, and serves it like serve.

Flags: those of serve, except --extension, --socket, --host-bin, --vm-container,
--vm-workdir, --guest-services, --image and --no-docker, which up sets; and
  --network MODE         put every backend container in this network mode (none, bridge,
                         host) instead of the compose file's networks (default: a network
                         of the extension's own, services reach each other by name)
  --publish-ip IP        the host address the compose file's ports are published on
                         (default: 127.0.0.1; a loopback address the file names is kept)
  -e, --env NAME[=VALUE] fill \${NAME} in the compose file (NAME alone: from this
                         environment); repeatable. Nothing else is filled in but
                         DESKTOP_PLUGIN_IMAGE
  --wait TIME            how long the backend may take to open its socket (default: 60s)
  --max-copy SIZE        the most up copies out of the image, UI and host binaries
                         together (default: 2GiB); more is refused
  --yes                  allow the privileges the extension asks for (host folders and
                         devices, the engine's socket, privileged mode, capabilities,
                         published ports, fixed container names, external volumes and
                         networks, unset variables);
                         without it up asks at a terminal, and refuses elsewhere
${STATE}`,
  down: `Usage: ddbridge down IMAGE|DIR | --all

Removes what up created: containers, networks, a built image, extracted files.
Named volumes stay (their data survives a reinstall), as with docker compose down.

Flags:
  --all                  every extension up installed
  --volumes              remove the extension's named volumes too
  --docker-host URL      the engine (default: DOCKER_HOST, else unix:///var/run/docker.sock)
${STATE}`,
  ls: `Usage: ddbridge ls [--json]

Lists what up installed: name, image, state of its backend containers, and the
URL of the daemon serving it (when one runs).

Flags:
  --json                 one JSON array instead of a table
  --docker-host URL      the engine (default: DOCKER_HOST, else unix:///var/run/docker.sock)
${STATE}`,
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
  --ci LIST              github, gitlab or none, comma-separated (default: github)
  --force                replace the files that exist
`,
  url: `Usage: ddbridge url [ORIGIN]

Prints an address to open the extension UI at, with a fresh login code in its
fragment (#ddbridge-code=...), as serve printed when it started. The code works
once, within 15 minutes: the page exchanges it for its own session credential,
so the address the browser keeps in its history is spent. ORIGIN is the
daemon's address (default: http://127.0.0.1:7799). Codes are made from the
token: DDBRIDGE_TOKEN, else the token file.

Flags:
  --token-file PATH      the token file serve uses (default: ~/.ddbridge/token)
${STATE}`,
  validate: `Usage: ddbridge validate DIR | PATH/metadata.json | IMAGE

Checks an extension as docker extension validate does: metadata.json against
Docker's schema (required fields, icon, UI root and entry, vm.image or
vm.composefile, host.binaries per platform, and that the files it names
exist) and the labels Docker Desktop requires, read from an image or from
DIR's Dockerfile. A metadata.json file, or a folder without a Dockerfile, is
checked alone (before an image is built): the labels are then not checked.
Prints each problem on one line with its field; exits 1 if there is any.

Flags:
  --docker-host URL      the engine, for an IMAGE (default: DOCKER_HOST, else
                         unix:///var/run/docker.sock)
`,
};
