export { createHelloBackend } from "./hello-backend.js";
