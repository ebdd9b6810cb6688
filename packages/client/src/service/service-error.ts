/**
 * The rejection of `vm.service.*` for a non-2xx response: an Error (so stack
 * traces work) carrying the ddClient `ServiceError` fields.
 */
export class ServiceError extends Error {
  /** The HTTP status code, e.g. 404. */
  readonly statusCode: number;
  constructor(statusCode: number, reason: string, body: string) {
    super(body);
    this.name = reason || `HTTP ${statusCode}`;
    this.statusCode = statusCode;
  }
}
