import { join } from "node:path";

/**
 * The files `docker extension init` writes (packages/testing/init-template):
 * the shape of an author's repository, which the author-path tests start from.
 */
export const INIT_TEMPLATE = join(import.meta.dirname, "..", "init-template");
