export {
  authorEnv,
  cleanRun,
  initTemplateRepo,
  packInto,
  playwrightTest,
  REPO_ROOT,
  type SuiteRun,
  sh,
} from "./author-repo.js";
export {
  HOST_BIN,
  startBridge,
  type TestBridge,
  TOKEN,
  TRANSPORT_KINDS,
  type TransportKind,
  transportFor,
} from "./bridge.js";
export {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumSkip,
  launchChromium,
  newPage,
} from "./chromium.js";
export { type DaemonProcess, DDBRIDGE_BIN, spawnDaemon } from "./daemon-process.js";
export {
  BUSYBOX_IMAGE,
  dockerForTests,
  ensureBusyboxImage,
  execDirect,
  execOutput,
  psInContainer,
  removeTestContainers,
  startIdleContainer,
  TEST_LABEL,
} from "./docker.js";
export {
  ddbridgeSync,
  installedResources,
  pathExists,
  stopDaemon,
  tempHome,
  upDaemon,
} from "./extension-install.js";
export {
  createFixtureBackend,
  FIXTURE_BACKEND_MAIN,
  startFixtureBackend,
} from "./fixture-backend.js";
export { freePort } from "./free-port.js";
export { goBackendExtension } from "./go-backend-extension.js";
export { buildGoFixtureBackend } from "./go-fixture-backend.js";
export { INIT_TEMPLATE } from "./init-template.js";
export { eventually, isAlive } from "./process-probe.js";
export { type ProcessRun, runProcess } from "./run-process.js";
export { type SshServer, sshSkip, startSshServer } from "./ssh-server.js";
export { baseImages, ensureStandInImages, removeStandInImages } from "./stand-in-images.js";
export { extensionDir, type TempDir, tempDir } from "./temp-dir.js";
export { startUiBridge } from "./ui-bridge.js";
