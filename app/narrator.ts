import { lookup } from "node:dns/promises";
import { feedAllowHosts } from "../config/feed-hosts.ts";
import { readCapped } from "../core/read-capped.ts";
import type { Logger } from "../core/logger.ts";
import { completionsUrl, NarrativeResponseError, narrativeRequest, parseNarrativeResponse } from "../modules/intelligence/themes/narrative.ts";
import { type NarrativeConfig, NarrativeConfigSchema } from "../modules/intelligence/themes/narrative-schemas.ts";
import type { SynthesisCore } from "../modules/intelligence/themes/schemas.ts";
import { assertFeedTarget, FeedRefusedError, type LookupAll } from "../modules/tracking/solar/feed-url.ts";
import type { UserStore } from "../store/user-store.ts";

/** What became of one narrative: counted in `gutters_narrative_total{outcome}`. */
export const NARRATIVE_OUTCOMES = ["stored", "stale", "dropped", "refused", "timeout", "http_error", "bad_response", "failed"] as const;
export type NarrativeOutcome = (typeof NARRATIVE_OUTCOMES)[number];

/** The stored synthesis a narrative is written from, and must still be there to be added to. */
export interface NarrativeBasis {
  revision: number;
  intelligence_updated_at: Date | null;
}

export interface NarratorDeps {
  users: Pick<UserStore, "putNarrative">;
  /** The `themes` module's current config (its `narrative` field is read). */
  themesConfig: () => Promise<Record<string, unknown>>;
  logger: Logger;
  now: () => Date;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  lookupAll?: LookupAll;
}

const systemLookup: LookupAll = (host) => lookup(host, { all: true });

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
class TooLargeError extends Error {}
class MissingKeyError extends Error {}

/**
 * Asks the configured OpenAI-compatible provider for a narrative of a synthesis, in the background: `request`
 * returns at once and never throws, so the synthesis path neither waits for the provider nor fails because of
 * it. At most `max_in_flight` requests are open on this node; the others are dropped (counted), not queued. A
 * narrative is stored only on the synthesis it was written from (same revision, same intelligence part).
 */
export class Narrator {
  readonly counts: Record<NarrativeOutcome, number> = Object.fromEntries(NARRATIVE_OUTCOMES.map((outcome) => [outcome, 0])) as Record<NarrativeOutcome, number>;
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: NarratorDeps) {}

  request(userId: string, basis: NarrativeBasis, core: SynthesisCore): void {
    const work = this.run(userId, basis, core).catch((error: unknown) => this.fail(userId, "failed", error instanceof Error ? error.name : "unknown"));
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Resolves when no narrative request of this node is open. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async config(): Promise<NarrativeConfig | null> {
    const parsed = NarrativeConfigSchema.safeParse((await this.deps.themesConfig()).narrative ?? {});
    return parsed.success && parsed.data.enabled ? parsed.data : null;
  }

  private async run(userId: string, basis: NarrativeBasis, core: SynthesisCore): Promise<void> {
    const config = await this.config();
    if (config === null) return;
    if (this.inFlight >= config.max_in_flight) {
      this.fail(userId, "dropped", "too_many_in_flight");
      return;
    }
    this.inFlight += 1;
    try {
      const text = await this.fetchNarrative(config, core);
      const stored = await this.deps.users.putNarrative(userId, basis, {
        text,
        model: config.model ?? "",
        generated_at: this.deps.now(),
        source_revision: basis.revision,
      });
      this.counts[stored ? "stored" : "stale"] += 1;
    } catch (error) {
      const [outcome, code] = classify(error);
      this.fail(userId, outcome, code);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async fetchNarrative(config: NarrativeConfig, core: SynthesisCore): Promise<string> {
    const url = completionsUrl(config.base_url ?? "");
    const signal = AbortSignal.timeout(config.timeout_ms);
    await assertFeedTarget(url, feedAllowHosts(this.deps.env), this.deps.lookupAll ?? systemLookup);
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (config.api_key_env !== null) {
      const key = (this.deps.env ?? process.env)[config.api_key_env];
      if (key === undefined || key === "") throw new MissingKeyError();
      headers.authorization = `Bearer ${key}`;
    }
    const fetchImpl = this.deps.fetch ?? fetch;
    // Redirects are refused: following one would reach a host that was never checked.
    const response = await fetchImpl(url, { method: "POST", headers, body: JSON.stringify(narrativeRequest(core, config)), signal, redirect: "error" });
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpStatusError(response.status);
    }
    if (Number(response.headers.get("content-length") ?? "0") > config.max_response_bytes) {
      await response.body?.cancel();
      throw new TooLargeError();
    }
    const body = (await readCapped(response.body, config.max_response_bytes, () => new TooLargeError())) ?? "";
    return parseNarrativeResponse(body, config.max_chars);
  }

  /** Counts and logs a failure by its code only: never the synthesis, the prompt or what the provider sent. */
  private fail(userId: string, outcome: NarrativeOutcome, code: string): void {
    this.counts[outcome] += 1;
    this.deps.logger.warn("narrative not stored", { user_id: userId, outcome, code });
  }
}

function classify(error: unknown): [NarrativeOutcome, string] {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return ["timeout", "timeout"];
  if (error instanceof FeedRefusedError) return ["refused", "url_refused"];
  if (error instanceof MissingKeyError) return ["refused", "api_key_missing"];
  if (error instanceof HttpStatusError) return ["http_error", `http_${error.status}`];
  if (error instanceof TooLargeError) return ["bad_response", "too_large"];
  if (error instanceof NarrativeResponseError) return ["bad_response", error.code];
  return ["failed", error instanceof Error ? error.name : "unknown"];
}
