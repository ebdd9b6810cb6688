import type { BackendSpec } from "./compose-file.js";
import {
  type BackendPlan,
  containerNameOf,
  ENGINE_SOCKET_NAMES,
  publishIp,
  resourceName,
} from "./container-options.js";

/** security_opt values that switch a protection off. */
const UNCONFINED =
  /^(seccomp|apparmor)[:=]unconfined$|^label[:=]disable$|^systempaths[:=]unconfined$/;

/**
 * What an extension's backend asks of the host beyond a plain container,
 * one line each, as Docker Desktop lists them before installing: host
 * folders and devices mounted into it (the engine's socket above all),
 * privileged mode, added capabilities, the host's network, ports published
 * on the host, fixed container names (global on the engine), and variables
 * it reads that nobody passed. Empty for a backend that asks for nothing.
 */
export function privilegesOf(
  backend: BackendSpec,
  plan: Pick<BackendPlan, "publishIp" | "networkOverride" | "project">,
): string[] {
  const asked: string[] = [];
  for (const s of backend.services) {
    if (s.privileged)
      asked.push(
        `${s.name}: runs privileged: every device and capability, root on the engine's machine`,
      );
    for (const v of s.volumes) {
      if (v.kind !== "bind") continue;
      if (ENGINE_SOCKET_NAMES.has(v.source)) {
        asked.push(
          `${s.name}: mounts the Docker engine's socket (${v.source}): full control of the engine, root on its machine`,
        );
      } else {
        const access = v.readOnly ? "read-only" : "read-write";
        const what =
          v.source === "/" ? "the host's whole file system" : `the host folder ${v.source}`;
        asked.push(`${s.name}: mounts ${what} at ${v.target}, ${access}`);
      }
    }
    for (const d of s.devices) asked.push(`${s.name}: uses the host device ${d.split(":")[0]}`);
    if (s.capAdd.length > 0) {
      asked.push(`${s.name}: adds the capabilities ${s.capAdd.join(", ")}`);
    }
    for (const o of s.securityOpt) {
      if (UNCONFINED.test(o)) asked.push(`${s.name}: turns off a protection (security_opt ${o})`);
    }
    const mode = plan.networkOverride ?? s.networkMode;
    if (mode === "host") asked.push(`${s.name}: uses the host's network`);
    if (plan.networkOverride === undefined && mode !== "host" && mode !== "none") {
      for (const p of s.ports) {
        const ip = publishIp(plan, p.hostIp);
        const where =
          p.hostPort === undefined ? `a free port on ${ip}` : `port ${p.hostPort} on ${ip}`;
        asked.push(
          `${s.name}: publishes ${where} (container port ${p.containerPort}/${p.protocol})`,
        );
      }
    }
    if (s.containerName !== undefined) {
      asked.push(
        `${s.name}: names its container ${containerNameOf(plan as BackendPlan, s)} (a name any other container on the engine could hold)`,
      );
    }
  }
  if (plan.networkOverride === undefined) {
    for (const r of backend.networks) {
      if (r.external)
        asked.push(`joins the existing network ${resourceName(plan as BackendPlan, r)} (external)`);
    }
  }
  for (const r of backend.volumes) {
    if (r.external) {
      asked.push(
        `uses the existing volume ${resourceName(plan as BackendPlan, r)} (external): its data, read-write`,
      );
    }
  }
  for (const name of backend.unsetVariables) {
    asked.push(
      `the compose file reads \${${name}}: not passed, so empty (pass it with --env ${name}[=VALUE])`,
    );
  }
  return asked;
}
