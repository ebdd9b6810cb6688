import { hostname } from "node:os";
import type { ServiceImpl } from "@connectrpc/connect";
import type { ExtensionService } from "@ddbridge/proto";
import { Target } from "@ddbridge/proto";

/** Facts about the extension and its host, for GetInfo and the UI's shim. */
export interface ExtensionFacts {
  name: string;
  image: string;
  platform: string;
  arch: string;
  hostname: string;
}

/** Gathers the facts of the extension and of this host. */
export function extensionFacts(name: string, image: string): ExtensionFacts {
  return { name, image, platform: process.platform, arch: process.arch, hostname: hostname() };
}

/** What the daemon knows about the extension it serves. */
export interface ExtensionInfo extends ExtensionFacts {
  socketPath: string | undefined;
  hasVm: boolean;
  hasHost: boolean;
  hasDocker: boolean;
  version: string;
  /** --max-body: the largest unary Call body. */
  maxBodyBytes: number;
}

/** Implements `ddbridge.v1.ExtensionService` from the daemon's configuration. */
export function createExtensionService(info: ExtensionInfo): ServiceImpl<typeof ExtensionService> {
  return {
    getInfo: () => ({
      name: info.name,
      image: info.image,
      platform: info.platform,
      arch: info.arch,
      hostname: info.hostname,
      targets: [
        ...(info.hasVm ? [Target.VM] : []),
        ...(info.hasHost ? [Target.HOST] : []),
        ...(info.hasDocker ? [Target.DOCKER] : []),
      ],
      hasService: info.socketPath !== undefined,
      serviceSocket: info.socketPath ?? "",
      version: info.version,
      maxBodyBytes: BigInt(info.maxBodyBytes),
    }),
  };
}
