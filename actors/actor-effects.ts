import { fromPromise } from "xstate";

/**
 * A named effect a machine declares and the node provides (`machine.provide({ actors })`): until then it
 * fails saying so, so a machine started without its effects stops at once instead of hanging.
 */
export function notProvided<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(`${name} is not provided`);
  });
}

/** The message of whatever an effect failed with. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure's stable code or class, without its message (for summaries anyone may read). */
export function errorKind(error: unknown): string {
  if (typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string") return (error as { code: string }).code;
  return error instanceof Error ? error.name : "error";
}

/** A failure as an actor's summary keeps it: what went wrong, and when (UTC). */
export function failure(message: string): { message: string; at: string } {
  return { message, at: new Date().toISOString() };
}

/** An actor's context after a failed config load: one attempt more, and why. */
export function failedConfigLoad(attempts: number, error: unknown): { configAttempts: number; lastError: { message: string; at: string } } {
  return { configAttempts: attempts + 1, lastError: failure(errorMessage(error)) };
}
