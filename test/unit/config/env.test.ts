import { describe, expect, test } from "bun:test";
import { parseEnv } from "../../../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../../../config/runtime.ts";

function envError(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the environment to be rejected");
}

describe("parseEnv", () => {
  test("an empty environment gives the documented defaults", () => {
    expect(parseEnv({})).toEqual({
      GUTTERS_TOPIC_ROOT: "gutters/v1",
      GUTTERS_MODULES: undefined,
      GUTTERS_API: true,
      GUTTERS_HTTP_HOST: "127.0.0.1",
      PORT: 3000,
      GUTTERS_DATA_DIR: ".gutters",
      GUTTERS_FEED_ALLOW_HOSTS: [],
      LOG_LEVEL: "info",
      GUTTERS_SHARED_SUBSCRIPTIONS: "auto",
      MQTT_SESSION_EXPIRY_SECONDS: 86_400,
      GUTTERS_BROKER_ACCOUNTS: "none",
      GUTTERS_SERVICE_TIMEOUT_MS: 3000,
    });
  });

  test("reads the feed allowlist as host[:port] entries and names the variable when one is malformed", () => {
    expect(parseEnv({ GUTTERS_FEED_ALLOW_HOSTS: " Feeds.Local , 127.0.0.1:8080,[::1]:9000" }).GUTTERS_FEED_ALLOW_HOSTS).toEqual([
      { host: "feeds.local", port: null },
      { host: "127.0.0.1", port: "8080" },
      { host: "[::1]", port: "9000" },
    ]);
    expect(() => parseEnv({ GUTTERS_FEED_ALLOW_HOSTS: "http://feeds.local/" })).toThrow("GUTTERS_FEED_ALLOW_HOSTS");
  });

  test("ignores variables it does not know", () => {
    expect(parseEnv({ HOME: "/root", PATH: "/bin" })).not.toHaveProperty("HOME");
  });

  test("reads GUTTERS_MODULES as a trimmed comma list without empty names", () => {
    expect(parseEnv({ GUTTERS_MODULES: " numerology, human_design ,,astrology " }).GUTTERS_MODULES).toEqual([
      "numerology",
      "human_design",
      "astrology",
    ]);
    expect(parseEnv({ GUTTERS_MODULES: "numerology" }).GUTTERS_MODULES).toEqual(["numerology"]);
  });

  test.each(["", "  ", "all", " all "])("GUTTERS_MODULES %p means every module", (value) => {
    expect(parseEnv({ GUTTERS_MODULES: value }).GUTTERS_MODULES).toBeUndefined();
  });

  test.each<[string, boolean]>([
    ["1", true],
    ["true", true],
    ["0", false],
    ["false", false],
  ])("GUTTERS_API=%s is %p", (value, expected) => {
    expect(parseEnv({ GUTTERS_API: value }).GUTTERS_API).toBe(expected);
  });

  test("a bad GUTTERS_API names the variable", () => {
    expect(envError({ GUTTERS_API: "yes" })).toContain("GUTTERS_API: ");
  });

  test("PORT is coerced from text", () => {
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
  });

  test.each(["abc", "70000", "-1", "80.5"])("PORT=%s stops start-up naming PORT", (value) => {
    const message = envError({ PORT: value });
    expect(message).toStartWith("invalid environment:");
    expect(message).toContain("\n  PORT: ");
    expect(message).not.toContain("GUTTERS_API");
  });

  test("every bad variable is named, one a line", () => {
    const message = envError({ PORT: "x", MONGODB_URI: "http://db", MQTT_URL: "localhost:1883", LOG_LEVEL: "loud" });
    const named = message
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(":")[0]);
    expect(named.sort()).toEqual(["LOG_LEVEL", "MONGODB_URI", "MQTT_URL", "PORT"]);
  });

  test("accepts the URL schemes operators use", () => {
    const env = parseEnv({ MONGODB_URI: "mongodb+srv://c.example/db", MQTT_URL: "wss://broker.example/mqtt" });
    expect([env.MONGODB_URI, env.MQTT_URL]).toEqual(["mongodb+srv://c.example/db", "wss://broker.example/mqtt"]);
    expect(parseEnv({ MQTT_URL: "mqtt://127.0.0.1:1883" }).MQTT_URL).toBe("mqtt://127.0.0.1:1883");
  });

  test.each(["#", "a/#", "$SYS/x", "root/", "a/+/b"])("GUTTERS_TOPIC_ROOT %p is refused", (root) => {
    expect(envError({ GUTTERS_TOPIC_ROOT: root })).toContain("GUTTERS_TOPIC_ROOT: ");
  });

  test("a custom topic root and node id are kept", () => {
    const env = parseEnv({ GUTTERS_TOPIC_ROOT: "acme/gutters/v2", GUTTERS_NODE_ID: "node_2-b" });
    expect([env.GUTTERS_TOPIC_ROOT, env.GUTTERS_NODE_ID]).toEqual(["acme/gutters/v2", "node_2-b"]);
    expect(envError({ GUTTERS_NODE_ID: "node/2" })).toContain("GUTTERS_NODE_ID: ");
  });
});

describe("runtime settings", () => {
  test("defaults bound every queue and delay", () => {
    expect(RuntimeSettingsSchema.parse({})).toEqual({
      max_queue: 10_000,
      restart_initial_ms: 200,
      restart_max_ms: 10_000,
      restart_max_count: 5,
      restart_window_ms: 60_000,
      config_retry_initial_ms: 500,
      config_retry_max_ms: 30_000,
      shutdown_timeout_ms: 10_000,
      state_publish_interval_ms: 250,
      sse_max_clients: 100,
      reconcile_interval_ms: 30_000,
      reconcile_grace_ms: 60_000,
      reconcile_batch: 100,
      reconcile_max_deferrals: 10,
      ack_timeout_ms: 120_000,
      tracking_context_cache_ms: 60_000,
      write_lease_ms: 10_000,
      write_lease_wait_ms: 5_000,
      sse_max_buffer_bytes: 1_048_576,
      rate_limit_requests: 600,
      rate_limit_window_ms: 60_000,
      rate_limit_max_clients: 10_000,
      upcoming_max_days: 366,
      upcoming_user_max_days: 366,
      compute_workers: 1,
      compute_queue: 32,
      compute_timeout_ms: 30_000,
      config_cache_ms: 5_000,
      auth_cache_ms: 5_000,
      person_token_max_ttl_seconds: 2_592_000,
      broker_account_sweep_seconds: 60,
      runtime_reload_ms: 5_000,
    });
    expect(RUNTIME_CONFIG_NAME).toBe("runtime");
  });

  test("a stored row only needs the fields it changes", () => {
    expect(RuntimeSettingsSchema.parse({ max_queue: 5 })).toMatchObject({ max_queue: 5, restart_max_count: 5 });
  });

  test("out-of-range values are refused, naming the field", () => {
    const paths = (value: unknown) =>
      RuntimeSettingsSchema.safeParse(value).error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(paths({ max_queue: 0 })).toEqual(["max_queue"]);
    expect(paths({ shutdown_timeout_ms: 99 })).toEqual(["shutdown_timeout_ms"]);
    expect(paths({ restart_initial_ms: 1.5 })).toEqual(["restart_initial_ms"]);
    expect(paths({ state_publish_interval_ms: 0 })).toEqual([]);
  });
});
