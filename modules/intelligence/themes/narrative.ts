import { type ChatRequest, ChatResponseSchema, type NarrativeConfig } from "./narrative-schemas.ts";
import type { SynthesisCore } from "./schemas.ts";

/** What the provider is told to do; it receives the structured synthesis and nothing else. */
const SYSTEM_PROMPT = [
  "You write a short, warm, plain-language reading of a person's profile synthesis.",
  "You are given only structured results: themes that several systems agree on (with the systems and values",
  "supporting each), a few highlighted values per system, and patterns the person has confirmed themselves.",
  "Write two or three short paragraphs in the second person. Do not invent facts that are not in the input,",
  "do not give medical, legal or financial advice, and do not use headings or lists.",
].join(" ");

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** A highlighted value as sent: a scalar, or a list of scalars; anything else (objects, long texts) is left out. */
function sentValue(value: unknown): Scalar | Scalar[] | undefined {
  if (isScalar(value)) return typeof value === "string" && value.length > 80 ? undefined : value;
  if (Array.isArray(value) && value.length <= 20 && value.every((item) => isScalar(item) && String(item).length <= 80)) return value;
  return undefined;
}

/**
 * The part of a synthesis a provider may see: theme names, weights and supporting (module, field, value) rows,
 * highlighted scalar values per module, coverage counts, and confirmed hypothesis claims. Module insights are
 * left out (free text), and the synthesis never carries birth data, the person's name or journal text: the input
 * type is the intelligence core alone, not the synthesis document.
 */
export function narrativeInput(core: SynthesisCore): Record<string, unknown> {
  return {
    themes: core.themes.map((theme) => ({
      theme: theme.name,
      weight: theme.weight,
      systems: theme.systems,
      supported_by: theme.supported_by.map((support) => ({ system: support.module, field: support.field, value: support.value })),
    })),
    highlights: Object.fromEntries(
      Object.entries(core.highlights).map(([module, highlight]) => [
        module,
        Object.fromEntries(highlight.fields.flatMap(({ field, value }) => {
          const sent = sentValue(value);
          return sent === undefined ? [] : [[field, sent]];
        })),
      ]),
    ),
    coverage: { systems_done: core.coverage.done, systems_pending: core.coverage.pending },
    confirmed_patterns: core.confirmed_hypotheses.map((hypothesis) => hypothesis.claim),
  };
}

/** The chat-completions body for `POST {base_url}/chat/completions` (OpenAI's API; any compatible server). */
export function narrativeRequest(core: SynthesisCore, config: Pick<NarrativeConfig, "model" | "max_tokens" | "temperature">): ChatRequest {
  return {
    model: config.model ?? "",
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: JSON.stringify(narrativeInput(core)) },
    ],
    max_tokens: config.max_tokens,
    temperature: config.temperature,
  };
}

/** `{base_url}/chat/completions`, with or without a trailing slash on the base. */
export function completionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

/** Why a provider's answer is not used, as a fixed code: never its content. */
export class NarrativeResponseError extends Error {
  constructor(readonly code: "not_json" | "bad_shape") {
    super(`narrative response: ${code}`);
    this.name = "NarrativeResponseError";
  }
}

/**
 * The narrative text of a chat-completions response body: `choices[0].message.content`, trimmed, cut at the
 * last word boundary within `maxChars`. Throws a NarrativeResponseError for anything else.
 */
export function parseNarrativeResponse(body: string, maxChars: number): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new NarrativeResponseError("not_json");
  }
  const parsed = ChatResponseSchema.safeParse(json);
  if (!parsed.success) throw new NarrativeResponseError("bad_shape");
  const text = (parsed.data.choices[0]?.message.content ?? "").trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
