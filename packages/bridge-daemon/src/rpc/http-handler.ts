import type { Request, Response } from "@ddbridge/protocol";

export type { Request, Response };

/** Answers a request, or hands it to the next handler. */
export type Handler = (req: Request, res: Response) => void;

/** One stage of the HTTP path: given what comes after it, the handler that runs first. */
export type Stage = (next: Handler) => Handler;

/**
 * The HTTP path as a list: a request meets the stages in the order given,
 * then `last`. docs/architecture.md lists the daemon's stages in the same
 * order, and docs/architecture.spec.ts reads them from the call to this.
 */
export function pipeline(stages: readonly Stage[], last: Handler): Handler {
  return stages.reduceRight<Handler>((next, stage) => stage(next), last);
}
