import { relative } from "node:path";

/** What is known about a backend command that failed to come up. */
export interface BackendFailure {
  /** The program and its arguments, as run. */
  command: string[];
  /** Its working directory. */
  cwd: string;
  /** The extension folder (where `metadata.json` is). */
  dir: string;
  /** What it printed. */
  output: string;
  /** Folders under `dir` (relative) holding a `go.mod`: where `go run` must start. */
  goModules: string[];
}

/**
 * The advice that goes with a backend command that did not come up: how to
 * run it by hand, and what its output points at. The output is the
 * command's own; these lines say what to change in the `extension` option.
 */
export function backendAdvice(f: BackendFailure): string[] {
  const advice: string[] = [];
  const shown = f.command.map(quote).join(" ");
  const where = relative(f.dir, f.cwd) || ".";
  if (/go\.mod file not found|cannot find main module/.test(f.output)) {
    const [module] = f.goModules.filter((m) => m !== where);
    advice.push(
      module
        ? `Go found no go.mod in ${where}; ${module}/go.mod exists: set backend.cwd to "${module}" (and run "." there), e.g. backend: { command: ["go", "run", ".", "-socket", "{socket}"], cwd: "${module}" }.`
        : `Go found no go.mod in ${where}: set backend.cwd to the folder of your backend's go.mod.`,
    );
  }
  if (/address already in use|EADDRINUSE/i.test(f.output)) {
    advice.push(
      "The backend could not listen: it must listen on the unix socket the fixture passes as {socket}, not on a fixed path or port.",
    );
  }
  advice.push(
    `To see it fail by hand: cd ${f.cwd} && ${shown.replaceAll(/\S*ddbridge-pw-[^/\s]*\/guest-services\/(\S+)/g, "/tmp/$1")}`,
  );
  return advice;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
