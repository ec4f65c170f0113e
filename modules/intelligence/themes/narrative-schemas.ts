import { z } from "zod";
import { feedAllowHosts } from "../../../config/feed-hosts.ts";
import { feedUrlProblem } from "../../tracking/solar/feed-url.ts";

/**
 * The provider's base URL: the feed rules (DESIGN.md §11), `https:` and no private or loopback address unless
 * `GUTTERS_FEED_ALLOW_HOSTS` lists the host. The allowlist is read at each check, so a stored row cannot widen it.
 */
const ProviderUrlSchema = z.url().superRefine((url, ctx) => {
  const problem = feedUrlProblem(url, feedAllowHosts());
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

/** Names an environment variable; the key itself never enters the database. */
const EnvNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, "expected the name of an environment variable");

/**
 * An optional prose narrative of the synthesis from an OpenAI-compatible chat-completions endpoint. Off by
 * default; when on, `base_url` and `model` are required.
 */
export const NarrativeConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** `POST {base_url}/chat/completions`; e.g. `https://api.openai.com/v1`. */
    base_url: ProviderUrlSchema.nullable().default(null),
    model: z.string().min(1).max(200).nullable().default(null),
    /** The environment variable holding the bearer key; null for a provider that needs none. */
    api_key_env: EnvNameSchema.nullable().default(null),
    timeout_ms: z.int().min(100).max(120_000).default(20_000),
    max_tokens: z.int().min(16).max(4096).default(400),
    temperature: z.number().min(0).max(2).default(0.4),
    /** Requests this node has open at once; more are dropped (and counted), never queued. */
    max_in_flight: z.int().min(1).max(64).default(2),
    /** Largest response body read, bytes. */
    max_response_bytes: z.int().min(1024).max(4_194_304).default(262_144),
    /** Longest narrative kept, characters (a longer one is cut at a word boundary). */
    max_chars: z.int().min(100).max(20_000).default(4000),
  })
  .refine((config) => !config.enabled || (config.base_url !== null && config.model !== null), {
    message: "an enabled narrative needs base_url and model",
    path: ["enabled"],
  });
export type NarrativeConfig = z.output<typeof NarrativeConfigSchema>;

/** The chat-completions request body (OpenAI's `POST /chat/completions`, the fields every compatible server reads). */
export const ChatRequestSchema = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.enum(["system", "user"]), content: z.string() })),
  max_tokens: z.int(),
  temperature: z.number(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

/** The part of a chat-completions response read: the first choice's message text. */
export const ChatResponseSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().trim().min(1) }) }))
    .min(1),
});

/** The narrative as stored on the synthesis document. */
export const NarrativeSchema = z.object({
  text: z.string(),
  model: z.string(),
  generated_at: z.date(),
  /** The synthesis revision it narrates; a newer revision replaces the document and drops it. */
  source_revision: z.int(),
});
export type Narrative = z.infer<typeof NarrativeSchema>;
