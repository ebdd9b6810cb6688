import * as v8 from "node:v8";
import * as vm from "node:vm";

/**
 * V8's young-generation collector, exposed for the daemon's paced
 * collections (rpc/gc-pacer.ts). Turning on `--expose-gc` is a decision for
 * the process, made at its edge (`serve` calls this): Node 20 takes no V8 flags from a bin's
 * code otherwise, and `gc` comes from V8's own extension once it is on.
 */
export function youngGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as (options: { type: "minor" }) => void;
  return () => gc({ type: "minor" });
}
