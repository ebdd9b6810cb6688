/**
 * `@docker/extension-api-client-types` types `ExecOptions.env` as
 * `NodeJS.ProcessEnv`, a name only `@types/node` declares: without this, a
 * browser project that imports the client (TypeScript 7, or `skipLibCheck`
 * off) fails with "Cannot find namespace 'NodeJS'". Merges with
 * `@types/node`'s declaration where that is present.
 */
declare global {
  namespace NodeJS {
    interface ProcessEnv {
      [name: string]: string | undefined;
    }
  }
}

/** Nothing at run time: named so that index.ts can carry the declaration above to users. */
export type ProcessEnvDeclared = true;
