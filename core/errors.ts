import type { z } from "zod";

/** One issue of a rejected input: the path of the field and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/**
 * The one error base of GUTTERS. The same `code` fills an HTTP error body and an MQTT dead-letter
 * reason, so clients can branch on it whichever way they talk to the system.
 */
export class GuttersError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: FieldIssue[];
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { status?: number; issues?: FieldIssue[]; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "GuttersError";
    this.code = code;
    this.status = options.status ?? 500;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? false;
  }

  toJSON(): { error: string; message: string; issues?: FieldIssue[] } {
    return this.issues.length > 0
      ? { error: this.code, message: this.message, issues: this.issues }
      : { error: this.code, message: this.message };
  }
}

/** Input that does not have the right shape or a value out of range (HTTP 400). */
export class ValidationError extends GuttersError {
  constructor(message: string, issues: FieldIssue[] = [], status = 400) {
    super("invalid_input", message, { status, issues });
    this.name = "ValidationError";
  }
}

/** Input of the right shape that cannot be processed, e.g. a local time that does not exist (HTTP 422). */
export class UnprocessableError extends GuttersError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super("unprocessable", message, { status: 422, issues });
    this.name = "UnprocessableError";
  }
}

export class NotFoundError extends GuttersError {
  constructor(message: string) {
    super("not_found", message, { status: 404 });
    this.name = "NotFoundError";
  }
}

export class UnavailableError extends GuttersError {
  constructor(message: string, cause?: unknown) {
    super("unavailable", message, { status: 503, retryable: true, cause });
    this.name = "UnavailableError";
  }
}

/** Refused for now: too many requests (429) or no capacity (503). `retryAfterSeconds` fills `Retry-After`. */
export class RetryLaterError extends GuttersError {
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, status: 429 | 503, retryAfterSeconds: number) {
    super(code, message, { status, retryable: true });
    this.name = "RetryLaterError";
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** Turns zod issues into field issues with dotted paths (`birth.latitude`, `houses.3`). */
export function issuesFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join(".") || "(root)",
    message: issue.message,
    code: issue.code,
  }));
}

/** Parses with a zod schema, throwing a ValidationError whose issues name each bad field. */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
  options: { prefix?: readonly PropertyKey[]; status?: number } = {},
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error, options.prefix);
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : "invalid";
  return failValidation(`invalid ${what} (${summary})`, issues, options.status);
}

function failValidation(message: string, issues: FieldIssue[], status = 400): never {
  throw new ValidationError(message, issues, status);
}

/** No credential, or one that is not valid (HTTP 401). */
export class UnauthenticatedError extends GuttersError {
  constructor(message = "a credential is needed: Authorization: Bearer <API key or token>") {
    super("unauthenticated", message, { status: 401 });
    this.name = "UnauthenticatedError";
  }
}

/** A valid credential without the right to do this (HTTP 403). */
export class ForbiddenError extends GuttersError {
  constructor(message: string) {
    super("forbidden", message, { status: 403 });
    this.name = "ForbiddenError";
  }
}
