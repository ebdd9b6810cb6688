/** A metadata.json that is missing or wrong: the message names the file and the field (exit 2). */
export class MetadataError extends Error {
  override name = "MetadataError";
}
