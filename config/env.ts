import { z } from "zod";
import { FeedAllowHostsSchema } from "./feed-hosts.ts";

const flag = z.enum(["1", "0", "true", "false"]).transform((value) => value === "1" || value === "true");

/** A variable set to "" (a compose file listing it without a value) counts as unset. */
const unsetWhenEmpty = (value: unknown): unknown => (value === "" ? undefined : value);

/** The process environment GUTTERS reads (DESIGN.md §9), validated once at start. */
export const EnvSchema = z.object({
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "expected a mongodb:// URI").optional(),
  MQTT_URL: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, "expected an mqtt:// URL").optional(),
  GUTTERS_TOPIC_ROOT: z
    .string()
    .regex(/^[^#+$][^#+]*[^/#+]$/, "a topic prefix without wildcards, leading $ or trailing /")
    .default("gutters/v1"),
  GUTTERS_MODULES: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined || value.trim() === "" || value.trim() === "all"
        ? undefined
        : value.split(",").map((name) => name.trim()).filter((name) => name.length > 0),
    ),
  GUTTERS_API: flag.default(true),
  /** Interface the HTTP API listens on: loopback unless the operator opens it (`0.0.0.0` in a container). */
  GUTTERS_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** Accepted as an admin API key (automation); without it the first start creates one and prints it once. */
  GUTTERS_ADMIN_KEY: z.preprocess(unsetWhenEmpty, z.string().min(24, "at least 24 characters").max(4096).optional()),
  /** Signs people's tokens; without it a random secret is created once and shared through the database. */
  GUTTERS_TOKEN_SECRET: z.preprocess(unsetWhenEmpty, z.string().min(32, "at least 32 characters").optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  GUTTERS_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .optional(),
  GUTTERS_DATA_DIR: z.string().default(".gutters"),
  GUTTERS_DB_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).optional(),
  /** Hosts feed URLs may name although private or loopback (comma list of host[:port]); checked at start so a
   * typo stops the node instead of silently allowing nothing. */
  GUTTERS_FEED_ALLOW_HOSTS: FeedAllowHostsSchema,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * Share work among nodes with `$share` subscriptions: `auto` (on with an external broker, off with the
   * embedded one, which has none), `on`, `off`.
   */
  GUTTERS_SHARED_SUBSCRIPTIONS: z.enum(["auto", "on", "off"]).default("auto"),
  /** MQTT protocol: 5 (default with an external broker) or 3.1.1 (`4`; the embedded broker speaks only 3.1.1). */
  MQTT_PROTOCOL: z.enum(["4", "5"]).optional(),
  /** How long the broker keeps a node's session (subscriptions, unacknowledged messages) while it is away (MQTT 5). */
  MQTT_SESSION_EXPIRY_SECONDS: z.coerce.number().int().min(0).max(4_294_967_295).default(86_400),
  /**
   * People's accounts on an external broker (DESIGN.md §11): `none` (the embedded broker checks tokens itself;
   * any other broker is left to its operator) or `dynsec` (Mosquitto's dynamic security plugin, provisioned
   * with the account of `MQTT_URL`, which must be a dynsec admin).
   */
  GUTTERS_BROKER_ACCOUNTS: z.enum(["none", "dynsec"]).default("none"),
  /** How long a database or broker operation waits for its server before failing with 503. */
  GUTTERS_SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
});
export type Env = z.infer<typeof EnvSchema>;

/** Validates the environment; a bad value names the variable so start-up can stop with that message. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`invalid environment:\n  ${lines.join("\n  ")}`);
}
