/** The error for Docker Desktop features a browser cannot have. */
export function notAvailable(what: string, why = "outside Docker Desktop"): Error {
  const err = new Error(`${what} is not available ${why} (ddbridge)`);
  err.name = "NotAvailableError";
  return err;
}
