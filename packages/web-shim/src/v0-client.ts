import type { DdClient } from "@ddbridge/client";
import type { v0, v1 } from "@docker/extension-api-client-types";

type Callback = (data: any, error: any) => void;

/**
 * The deprecated v0 surface on `window.ddClient` itself, over the same
 * bridge: `backend.*` HTTP, command lines and `exec*` arguments read as the
 * buffered v1 exec reads them (shell words, no expansion), `spawn*` arguments
 * as given, and spawn callbacks `cb(data, err)` with `{ stdout }` /
 * `{ stderr }` chunks, then `{ code }` once at exit.
 */
export function createV0Surface(
  dd: DdClient,
  desktopUI: v1.DesktopUI,
  openExternal: (url: string) => void,
  docker: v1.Docker,
): v0.DockerDesktopClient {
  // A buffered exec splits its joined words once: the line goes in whole.
  const execLine = (exec: v1.Exec, line: string) => exec(String(line), []);
  const spawn = (exec: v1.Exec, cmd: string, args: string[], cb: Callback) => {
    exec(cmd, args, {
      stream: {
        onOutput: (d) => cb(d, undefined),
        onError: (e) => cb(undefined, e),
        onClose: (code) => cb({ code }, undefined),
      },
    });
  };
  const svc = dd.extension.vm.service;
  const vmExec = dd.extension.vm.cli.exec;
  const hostExec = dd.extension.host.cli.exec;
  const nav = desktopUI.navigate;
  return {
    backend: {
      get: svc.get,
      post: svc.post,
      put: svc.put,
      patch: svc.patch,
      delete: svc.delete,
      head: svc.head,
      request: svc.request,
      execInContainer: (container, cmd) => docker.cli.exec("exec", [container, cmd]),
      execInVMExtension: (line) => execLine(vmExec, line),
      spawnInVMExtension: (cmd, args, cb) => spawn(vmExec, cmd, args, cb),
    },
    execHostCmd: (line) => execLine(hostExec, line),
    spawnHostCmd: (cmd, args, cb) => spawn(hostExec, cmd, args, cb),
    execDockerCmd: (cmd, ...args) => docker.cli.exec(cmd, args),
    spawnDockerCmd: (cmd, args, cb) => spawn(docker.cli.exec, cmd, args, cb),
    listContainers: (options: never) => docker.listContainers(options),
    listImages: (options: never) => docker.listImages(options),
    toastSuccess: desktopUI.toast.success,
    toastWarning: desktopUI.toast.warning,
    toastError: desktopUI.toast.error,
    // As in v1: an info toast naming the screen, never a rejection.
    navigateToContainers: () => void nav.viewContainers(),
    navigateToContainer: (id) => nav.viewContainer(id),
    navigateToContainerLogs: (id) => nav.viewContainerLogs(id),
    navigateToContainerInspect: (id) => nav.viewContainerInspect(id),
    navigateToContainerStats: (id) => nav.viewContainerStats(id),
    navigateToImages: () => void nav.viewImages(),
    navigateToImage: (id, tag) => nav.viewImage(id, tag),
    navigateToVolumes: () => void nav.viewVolumes(),
    navigateToVolume: (volume) => void nav.viewVolume(volume),
    openExternal,
  };
}
