import { describe, expect, test } from "bun:test";
import { connectDatabase, isDuplicateKey, isUnavailable } from "../../../store/database.ts";
import { redactUrlCredentials as redactUri } from "../../../core/redact.ts";
import { connectBus } from "../../../bus/mqtt-bus.ts";
import { createLogger } from "../../../core/logger.ts";

describe("database helpers", () => {
  test("credentials never reach a log line", () => {
    expect(redactUri("mongodb://alice:secret@db.example:27017/gutters")).toBe("mongodb://***@db.example:27017/gutters");
    expect(redactUri("mongodb://127.0.0.1:27017/gutters")).toBe("mongodb://127.0.0.1:27017/gutters");
  });

  test("duplicate-key errors are recognised by their code", () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 11001 })).toBe(false);
    expect(isDuplicateKey(new Error("E11000"))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});

describe("unreachable services fail with a message naming them", () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  test("MongoDB", async () => {
    await expect(connectDatabase("mongodb://user:pw@127.0.0.1:1/gutters?serverSelectionTimeoutMS=500")).rejects.toThrow(
      /cannot connect to MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:1\/gutters/,
    );
  }, 15_000);

  test("MQTT", async () => {
    await expect(
      connectBus({
        url: "mqtt://127.0.0.1:1",
        clientId: "t",
        presenceTopic: "t/nodes/t",
        logger: createLogger("silent"),
        shareWork: false,
        protocolVersion: 5,
        sessionExpirySeconds: 60,
        connectTimeoutMs: 2000,
      }),
    ).rejects.toThrow(/cannot connect to MQTT broker at mqtt:\/\/127\.0\.0\.1:1/);
  });
});

describe("isUnavailable: a database that cannot be reached is a 503, not a defect", () => {
  test("by the driver's error class", () => {
    for (const name of ["MongoServerSelectionError", "MongoNetworkError", "MongoPoolClearedError", "MongoClientClosedError", "MongoTopologyClosedError"]) {
      expect(isUnavailable(Object.assign(new Error("x"), { name }))).toBe(true);
    }
  });

  test("by a transient label on any error", () => {
    expect(isUnavailable(Object.assign(new Error("x"), { name: "MongoServerError", errorLabels: ["RetryableWriteError"] }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("E11000"), { name: "MongoServerError", code: 11000, errorLabels: [] }))).toBe(false);
  });

  test("anything else is not", () => {
    expect(isUnavailable(new TypeError("bug"))).toBe(false);
    expect(isUnavailable(null)).toBe(false);
    expect(isUnavailable("MongoNetworkError")).toBe(false);
  });
});
