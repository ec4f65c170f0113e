import { GuttersError } from "../core/errors.ts";
import { isUnavailable } from "../store/database.ts";

/** What a 503 tells clients to wait before retrying: the services reconnect within seconds. */
export const RETRY_AFTER_SECONDS = 5;

export interface ErrorBody {
  error: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/**
 * Maps anything thrown in a route to a status and a JSON body. Unknown errors become a 500 with a generic
 * message: the detail goes to the log, never a stack trace to the client.
 */
export function errorResponse(
  error: unknown,
  elysiaCode?: string | number,
): { status: number; body: ErrorBody; retryAfterSeconds?: number } {
  if (error instanceof GuttersError) {
    return { status: error.status, body: error.toJSON(), ...(error.status === 503 ? { retryAfterSeconds: RETRY_AFTER_SECONDS } : {}) };
  }
  // A database that cannot be reached is a passing state, not a defect: 503 at once, with when to retry.
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: { error: "unavailable", message: "the database is not reachable; retry shortly" },
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    };
  }
  switch (elysiaCode) {
    case "NOT_FOUND":
      return { status: 404, body: { error: "not_found", message: "no such route" } };
    case "PARSE":
      return { status: 400, body: { error: "invalid_input", message: "body could not be parsed", issues: [{ path: "(root)", message: "not parsable" }] } };
    case "VALIDATION":
      return { status: 400, body: { error: "invalid_input", message: "invalid request", issues: [{ path: "(root)", message: "invalid" }] } };
    default:
      return { status: 500, body: { error: "internal", message: "internal error" } };
  }
}
