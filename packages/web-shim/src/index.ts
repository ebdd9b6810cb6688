/**
 * Placeholder: the browser shim that installs `window.ddClient` over
 * Connect-Web lands with the web shim issue. It will reuse `createDdClient`.
 */
export { createDdClient } from "@ddbridge/client";
