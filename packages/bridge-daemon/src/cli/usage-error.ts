/** A mistake in how ddbridge was called (a flag, a file it names): exit code 2, one line. */
export class UsageError extends Error {
  override name = "UsageError";
}
