import { redactUrlCredentials } from "./redact.ts";

/** Structured JSON logs, one object a line on stderr, so stdout stays free for CLI output. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (at: Exclude<LogLevel, "silent">, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[at] < RANK[level]) return;
    // Redacted on the whole line, so a connection string in any field or error message never reaches a log.
    write(redactUrlCredentials(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...base, ...fields })));
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

/** Describes an unknown thrown value for a log line, without its stack unless asked. */
export function describeError(error: unknown): { error: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { error: typeof code === "string" ? code : error.name, message: error.message };
  }
  return { error: "unknown", message: String(error) };
}
