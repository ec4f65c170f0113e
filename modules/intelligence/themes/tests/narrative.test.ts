import { describe, expect, test } from "bun:test";
import { astrologyModule } from "../../../calculation/astrology/module.ts";
import { humanDesignModule } from "../../../calculation/human_design/module.ts";
import { numerologyModule } from "../../../calculation/numerology/module.ts";
import { BirthDataSchema } from "../../../birth-data.ts";
import { type CalculationModule, configDefaults } from "../../../contract.ts";
import { runCalculation } from "../../../run-calculation.ts";
import type { Hypothesis } from "../../hypotheses/schemas.ts";
import { completionsUrl, NarrativeResponseError, narrativeInput, narrativeRequest, parseNarrativeResponse } from "../narrative.ts";
import { ChatRequestSchema, NarrativeConfigSchema } from "../narrative-schemas.ts";
import { ThemesConfigSchema } from "../schemas.ts";
import { synthesize } from "../service.ts";

// A name, place and journal text found nowhere else, so any occurrence in the request is a leak.
const NAME = "Quirinella Zbigniewska";
const PLACE = "Xylophoneville";
const JOURNAL_TEXT = "woke at four thinking about the blue ladder";
const birth = BirthDataSchema.parse({ name: NAME, date: "1879-03-14", time: "11:30", utc_offset: "+00:40", latitude: 48.4011, longitude: 9.9876, place: PLACE });
const now = new Date("2026-03-01T12:00:00.000Z");
const calculators: CalculationModule[] = [numerologyModule, humanDesignModule, astrologyModule];
const outputs = calculators.map((module) => runCalculation(module, birth, configDefaults(module), 0, now));
const hypotheses: Hypothesis[] = [
  {
    id: "h1",
    user_id: "u",
    type: "cyclical_pattern",
    claim: "mood is lower in the full quarter of the lunar cycle",
    status: "confirmed",
    confidence: 0.9,
    evidence: [],
    finding_id: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  },
];
const core = synthesize({ results: outputs, registered: ["numerology", "human_design", "astrology"], hypotheses }, ThemesConfigSchema.parse({}));
const config = NarrativeConfigSchema.parse({ enabled: true, base_url: "https://llm.example.com/v1/", model: "small-model", max_tokens: 300, temperature: 0.2 });

describe("narrativeRequest", () => {
  const body = narrativeRequest(core, config);
  const serialized = JSON.stringify(body);

  test("is an OpenAI chat-completions body with the configured model and limits", () => {
    expect(ChatRequestSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ model: "small-model", max_tokens: 300, temperature: 0.2 });
    expect(body.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(completionsUrl(config.base_url ?? "")).toBe("https://llm.example.com/v1/chat/completions");
    expect(completionsUrl("http://127.0.0.1:9/v1")).toBe("http://127.0.0.1:9/v1/chat/completions");
  });

  test("carries the themes with their support, highlights and confirmed claims", () => {
    const input = JSON.parse(body.messages[1]?.content ?? "{}") as ReturnType<typeof narrativeInput>;
    expect(core.themes.length).toBeGreaterThan(0);
    expect(input.themes).toHaveLength(core.themes.length);
    expect(serialized).toContain(core.themes[0]?.name ?? "?");
    expect(input.confirmed_patterns).toEqual(["mood is lower in the full quarter of the lunar cycle"]);
    expect((input.highlights as Record<string, Record<string, unknown>>).astrology?.["bodies.sun.sign"]).toBe("pisces");
  });

  test("never carries the name, the birth data or journal text, even where the modules' outputs do", () => {
    // The module outputs the synthesis is built from carry the birth instant, so birth data is within reach.
    expect(JSON.stringify(outputs)).toContain("1879-03-14");
    for (const secret of [NAME, "Quirinella", "Zbigniewska", PLACE, "1879", "11:30", "48.4011", "9.9876", JOURNAL_TEXT, "blue ladder"]) {
      expect(serialized).not.toContain(secret);
    }
  });

  test("leaves out free-text insights and values that are not short scalars", () => {
    const planted = {
      ...core,
      highlights: {
        numerology: {
          fields: [
            { field: "life_path", value: 7 },
            { field: "nested", value: { name: NAME } },
            { field: "long", value: "x".repeat(81) },
            { field: "list", value: [11, 22] },
            { field: "mixed", value: [1, { name: NAME }] },
          ],
          insights: [`${NAME}, your path is seven`, JOURNAL_TEXT],
        },
      },
    };
    const input = narrativeInput(planted);
    expect(input.highlights).toEqual({ numerology: { life_path: 7, list: [11, 22] } });
    const sent = JSON.stringify(narrativeRequest(planted, config));
    expect(sent).not.toContain(NAME);
    expect(sent).not.toContain(JOURNAL_TEXT);
  });
});

describe("parseNarrativeResponse", () => {
  const answer = (content: unknown) => JSON.stringify({ id: "c1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });

  test("reads choices[0].message.content, trimmed", () => {
    expect(parseNarrativeResponse(answer("  You lean toward introspection.\n"), 4000)).toBe("You lean toward introspection.");
  });

  test("cuts a long text at a word boundary within the limit", () => {
    const text = parseNarrativeResponse(answer(`${"word ".repeat(100)}end`), 103);
    expect(text.endsWith("…")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(104);
    expect(text.slice(0, -1).split(" ").every((part) => part === "word")).toBe(true);
    // One long token has no boundary to cut at: it is cut at the limit.
    expect(parseNarrativeResponse(answer("y".repeat(500)), 100)).toBe(`${"y".repeat(100)}…`);
  });

  test("refuses what is not a chat completion, by a code that quotes nothing", () => {
    const code = (body: string) => {
      try {
        parseNarrativeResponse(body, 4000);
        return "parsed";
      } catch (error) {
        return error instanceof NarrativeResponseError ? error.code : "other";
      }
    };
    expect(code("<html>oops</html>")).toBe("not_json");
    expect(code(JSON.stringify({ choices: [] }))).toBe("bad_shape");
    expect(code(JSON.stringify({ error: { message: "quota" } }))).toBe("bad_shape");
    expect(code(answer(42))).toBe("bad_shape");
    expect(code(answer("   "))).toBe("bad_shape");
  });
});

describe("NarrativeConfigSchema", () => {
  test("is off by default and part of the themes config", () => {
    expect(NarrativeConfigSchema.parse({})).toMatchObject({ enabled: false, base_url: null, model: null, api_key_env: null });
    expect(ThemesConfigSchema.parse({}).narrative.enabled).toBe(false);
  });

  test("an enabled narrative needs a URL and a model; unknown fields and keys are refused", () => {
    expect(NarrativeConfigSchema.safeParse({ enabled: true, model: "m" }).success).toBe(false);
    expect(NarrativeConfigSchema.safeParse({ enabled: true, base_url: "https://llm.example.com/v1" }).success).toBe(false);
    expect(NarrativeConfigSchema.safeParse({ api_key: "sk-secret" }).success).toBe(false);
    expect(NarrativeConfigSchema.safeParse({ api_key_env: "sk-secret-value" }).success).toBe(false);
    expect(NarrativeConfigSchema.parse({ api_key_env: "OPENAI_API_KEY" }).api_key_env).toBe("OPENAI_API_KEY");
  });

  test("the URL follows the feed rules: https only, no loopback or private address unless allowlisted", () => {
    const before = process.env.GUTTERS_FEED_ALLOW_HOSTS;
    delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
    try {
      for (const url of ["http://llm.example.com/v1", "https://127.0.0.1/v1", "https://10.1.2.3/v1", "https://localhost/v1", "file:///etc/passwd", "https://u:p@llm.example.com/v1"]) {
        expect(NarrativeConfigSchema.safeParse({ base_url: url }).success).toBe(false);
      }
      expect(NarrativeConfigSchema.safeParse({ base_url: "https://llm.example.com/v1" }).success).toBe(true);
      process.env.GUTTERS_FEED_ALLOW_HOSTS = "127.0.0.1:8089";
      expect(NarrativeConfigSchema.safeParse({ base_url: "http://127.0.0.1:8089/v1" }).success).toBe(true);
      expect(NarrativeConfigSchema.safeParse({ base_url: "http://127.0.0.1:8090/v1" }).success).toBe(false);
    } finally {
      if (before === undefined) delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
      else process.env.GUTTERS_FEED_ALLOW_HOSTS = before;
    }
  });
});
