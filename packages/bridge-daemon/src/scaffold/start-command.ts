import { splitCmdline } from "@ddbridge/proto";

/**
 * The command line a backend container starts with, as Docker Desktop would
 * run it: the compose service's `entrypoint`/`command` when the extension
 * has a compose file, else the last stage's ENTRYPOINT and CMD in the
 * Dockerfile (exec form or shell form). Empty when neither says.
 */
export function startCommand(
  dockerfile: string | undefined,
  composeService?: ComposeStart,
): string[] {
  const fromFile = dockerfile ? dockerfileStart(dockerfile) : { entrypoint: [], cmd: [] };
  const entrypoint = composeService?.entrypoint ?? fromFile.entrypoint;
  const cmd = composeService?.command ?? (composeService?.entrypoint ? [] : fromFile.cmd);
  return [...entrypoint, ...cmd];
}

/** A compose service's start, each as a list (a string is split like shell words). */
export interface ComposeStart {
  entrypoint?: string[];
  command?: string[];
}

/** ENTRYPOINT and CMD of the Dockerfile's last stage. */
function dockerfileStart(text: string): { entrypoint: string[]; cmd: string[] } {
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  for (const line of lines) {
    const m = /^\s*(FROM|ENTRYPOINT|CMD)\s+(.*?)\s*$/i.exec(line);
    if (!m) continue;
    const [, instruction, rest] = m as unknown as [string, string, string];
    if (instruction.toUpperCase() === "FROM") {
      entrypoint = [];
      cmd = [];
    } else if (instruction.toUpperCase() === "ENTRYPOINT") {
      entrypoint = words(rest);
      cmd = [];
    } else {
      cmd = words(rest);
    }
  }
  return { entrypoint, cmd };
}

/** Exec form (a JSON array) as is; shell form split like shell words. */
function words(value: string): string[] {
  if (value.startsWith("[")) {
    try {
      const list = JSON.parse(value) as unknown;
      if (Array.isArray(list) && list.every((w) => typeof w === "string")) return list;
    } catch {}
  }
  return splitCmdline(value);
}

/**
 * The arguments of a start command after its program, with the backend's
 * socket path (`/run/guest-services/NAME`, also inside `--flag=PATH`) turned
 * into the fixture's `{socket}`. `socketFound` says whether there was one.
 */
export function socketArgs(
  command: string[],
  socket: string | undefined,
): { args: string[]; socketFound: boolean } {
  const path = socket ? `/run/guest-services/${socket}` : undefined;
  let socketFound = false;
  const args = command.slice(1).map((arg) => {
    if (!path || !arg.includes(path)) return arg;
    socketFound = true;
    return arg.replaceAll(path, "{socket}");
  });
  return { args, socketFound };
}
