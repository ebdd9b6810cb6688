import { Code, ConnectError } from "@connectrpc/connect";
import type { ExecSpec } from "./runner.js";

/**
 * Refuses, with INVALID_ARGUMENT, a spec no runner can start as asked: an
 * empty command, a NUL byte anywhere (the OS would cut the string there), or
 * an environment variable name that is empty or holds "=" (which would set
 * another variable than the one named). Called once for every target, so
 * each runner can trust what it gets.
 */
export function validateSpec(spec: ExecSpec): ExecSpec {
  if (spec.command === "") throw invalid("command must not be empty");
  const strings = [spec.command, spec.cwd, ...spec.args, ...Object.entries(spec.env).flat()];
  if (strings.some((s) => s.includes("\0"))) {
    throw invalid("command, args, cwd and env must not contain NUL bytes");
  }
  for (const name of Object.keys(spec.env)) {
    if (name === "" || name.includes("=")) {
      throw invalid(`environment variable name ${JSON.stringify(name)} is not valid`);
    }
  }
  return spec;
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
