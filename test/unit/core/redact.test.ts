import { describe, expect, test } from "bun:test";
import { createLogger } from "../../../core/logger.ts";
import { redactUrlCredentials } from "../../../core/redact.ts";

describe("redactUrlCredentials", () => {
  test("removes user and password of every URL, keeps the rest", () => {
    expect(redactUrlCredentials("mqtt://apikey:gk_secret@broker:1883")).toBe("mqtt://***@broker:1883");
    expect(redactUrlCredentials("connect mongodb+srv://u:p%40ss@db.example.org/x?authSource=admin failed")).toBe(
      "connect mongodb+srv://***@db.example.org/x?authSource=admin failed",
    );
    expect(redactUrlCredentials("a mqtt://h:1 and wss://token@h/mqtt")).toBe("a mqtt://h:1 and wss://***@h/mqtt");
    expect(redactUrlCredentials("mailto:someone@example.org, mqtt://broker")).toBe("mailto:someone@example.org, mqtt://broker");
  });

  test("a log line never carries a connection string's credentials, whichever field holds it", () => {
    const lines: string[] = [];
    const logger = createLogger("debug", { url: "mqtt://node:pw1@b" }, (line) => lines.push(line));
    logger.error("connect failed", { message: "getaddrinfo for mongodb://root:pw2@db:27017" });
    expect(lines[0]).not.toMatch(/pw1|pw2|root|node:/);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ url: "mqtt://***@b", message: "getaddrinfo for mongodb://***@db:27017" });
  });
});
