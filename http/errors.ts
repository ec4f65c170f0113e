import { GuttersError } from "../core/errors.ts";

export interface ErrorBody {
  error: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/**
 * Maps anything thrown in a route to a status and a JSON body. Unknown errors become a 500 with a generic
 * message: the detail goes to the log, never a stack trace to the client.
 */
export function errorResponse(error: unknown, elysiaCode?: string | number): { status: number; body: ErrorBody } {
  if (error instanceof GuttersError) return { status: error.status, body: error.toJSON() };
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
