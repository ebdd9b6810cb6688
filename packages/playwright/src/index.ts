export { expect } from "@playwright/test";
export type { BackendCommand, ExtensionOptions } from "./extension-options.js";
export { type Ddbridge, type OtherExtension, type Toast, test } from "./fixtures.js";
export type { RedactCall } from "./write-recording.js";
