import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import type { NarrativeOutcome } from "../../app/narrator.ts";
import type { SynthesisDocument } from "../../store/user-store.ts";
import { EINSTEIN, eventually, request, startTestSystem, type TestSystem } from "../support/services.ts";

/**
 * The optional narrative against a local HTTP server standing in for an OpenAI-compatible provider (allowed
 * through GUTTERS_FEED_ALLOW_HOSTS), on a node with real MongoDB-compatible storage and MQTT.
 */
type Mode = "answer" | "hold" | "hang" | "fail" | "garbage";
interface Call {
  authorization: string | null;
  body: string;
}

const KEY_ENV = "GUTTERS_TEST_NARRATIVE_KEY";
const NARRATIVE = "Several systems agree that you lean toward introspection and care for others.";
let mode: Mode = "answer";
const calls: Call[] = [];
/** Answers held back by `hold`, released by the test. */
const held: (() => void)[] = [];
let provider: Server<undefined>;
let system: TestSystem;
const envBefore = { allow: process.env.GUTTERS_FEED_ALLOW_HOSTS, key: process.env[KEY_ENV] };

const completion = (content: string) =>
  Response.json({ id: "c1", object: "chat.completion", model: "stand-in", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });

beforeAll(async () => {
  provider = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") return new Response("not found", { status: 404 });
      calls.push({ authorization: req.headers.get("authorization"), body: await req.text() });
      switch (mode) {
        case "answer":
          return completion(NARRATIVE);
        case "hold":
          await new Promise<void>((resolve) => held.push(resolve));
          return completion(NARRATIVE);
        case "hang":
          // Answers only once the client gives up (or the server stops).
          await new Promise<void>((resolve) => req.signal.addEventListener("abort", () => resolve()));
          return completion(NARRATIVE);
        case "fail":
          return Response.json({ error: { message: "internal" } }, { status: 500 });
        case "garbage":
          return new Response("<html>upstream error</html>", { headers: { "content-type": "text/html" } });
      }
    },
  });
  process.env.GUTTERS_FEED_ALLOW_HOSTS = `127.0.0.1:${provider.port}`;
  process.env[KEY_ENV] = "narrative-test-key";
  system = await startTestSystem();
}, 30_000);

afterAll(async () => {
  for (const release of held.splice(0)) release();
  await system.dispose();
  await provider.stop(true);
  for (const [name, value] of [["GUTTERS_FEED_ALLOW_HOSTS", envBefore.allow], [KEY_ENV, envBefore.key]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}, 30_000);

const counts = (): Record<NarrativeOutcome, number> => ({ ...system.node.narratives });

async function enable(settings: Record<string, unknown> = {}): Promise<void> {
  const narrative = { enabled: true, base_url: `http://127.0.0.1:${provider.port}/v1`, model: "stand-in", api_key_env: KEY_ENV, timeout_ms: 5000, ...settings };
  const answer = await request(system, "PATCH", "/v1/config/themes", { narrative });
  expect(answer.status).toBe(200);
}

async function newUser(): Promise<string> {
  const post = await request(system, "POST", "/v1/users", EINSTEIN);
  expect(post.status).toBe(201);
  return ((await post.json()) as { id: string }).id;
}

/** The synthesis once GET answers 200 with it. */
async function synthesisOf(id: string): Promise<SynthesisDocument> {
  return await eventually(
    "synthesis",
    async () => {
      const answer = await request(system, "GET", `/v1/users/${id}/synthesis`);
      return answer.status === 200 ? ((await answer.json()) as SynthesisDocument) : undefined;
    },
    20_000,
  );
}

const delta = (before: Record<NarrativeOutcome, number>): Partial<Record<NarrativeOutcome, number>> =>
  Object.fromEntries(Object.entries(counts()).flatMap(([outcome, value]) => (value === before[outcome as NarrativeOutcome] ? [] : [[outcome, value - before[outcome as NarrativeOutcome]]])));

describe("the synthesis narrative", () => {
  test("off by default: the provider is never called and the synthesis has no narrative", async () => {
    const id = await newUser();
    const synthesis = await synthesisOf(id);
    await system.node.idle();
    expect(calls).toHaveLength(0);
    expect(Object.values(counts()).every((value) => value === 0)).toBe(true);
    expect(synthesis.narrative).toBeUndefined();
    expect((await system.node.users.getSynthesis(id))?.narrative).toBeUndefined();
  });

  test("enabled: the synthesis is served while the provider is still answering; the narrative is added afterwards", async () => {
    await enable();
    mode = "hold";
    const before = counts();
    const id = await newUser();
    // Served while the provider holds its answer: the synthesis path never waits for it.
    const synthesis = await synthesisOf(id);
    await eventually("the provider's request", () => calls.length === 1 && held.length === 1);
    expect(synthesis.themes?.length ?? 0).toBeGreaterThan(0);
    expect(synthesis.narrative).toBeUndefined();

    held.shift()?.();
    const stored = await eventually("narrative", async () => (await system.node.users.getSynthesis(id))?.narrative);
    expect(stored).toMatchObject({ text: NARRATIVE, model: "stand-in", source_revision: synthesis.revision });
    const served = (await (await request(system, "GET", `/v1/users/${id}/synthesis`)).json()) as { narrative: { text: string; generated_at: string } };
    expect(served.narrative.text).toBe(NARRATIVE);
    expect(Number.isNaN(Date.parse(served.narrative.generated_at))).toBe(false);
    expect(delta(before)).toEqual({ stored: 1 });

    // What was sent: the key from the named environment variable, a chat-completions body, nothing personal.
    const call = calls[0] as Call;
    expect(call.authorization).toBe("Bearer narrative-test-key");
    const body = JSON.parse(call.body) as { model: string; messages: { role: string; content: string }[]; max_tokens: number; temperature: number };
    expect(body).toMatchObject({ model: "stand-in", max_tokens: 400, temperature: 0.4 });
    expect(body.messages[1]?.content).toContain(synthesis.themes?.[0]?.name ?? "?");
    for (const secret of [EINSTEIN.name, "Einstein", EINSTEIN.place, "Ulm", EINSTEIN.date, "1879", String(EINSTEIN.latitude), String(EINSTEIN.longitude), id]) {
      expect(call.body).not.toContain(secret);
    }
    const metrics = await (await request(system, "GET", "/metrics")).text();
    expect(metrics).toMatch(/gutters_narrative_total\{node="[^"]+",outcome="stored"\} 1\n/);
  });

  test("a provider that hangs past the timeout, answers 500 or answers garbage leaves the synthesis as it was, counted", async () => {
    await enable({ timeout_ms: 300 });
    for (const [failure, outcome] of [["hang", "timeout"], ["fail", "http_error"], ["garbage", "bad_response"]] as const) {
      mode = failure;
      const before = counts();
      const callsBefore = calls.length;
      const id = await newUser();
      const synthesis = await synthesisOf(id);
      await system.node.idle();
      expect(calls.length).toBe(callsBefore + 1);
      expect(delta(before)).toEqual({ [outcome]: 1 });
      const stored = await system.node.users.getSynthesis(id);
      expect(stored?.narrative).toBeUndefined();
      expect(stored?.revision).toBe(synthesis.revision);
      expect(stored?.themes).toEqual(synthesis.themes ?? []);
    }
    const metrics = await (await request(system, "GET", "/metrics")).text();
    for (const outcome of ["timeout", "http_error", "bad_response"]) expect(metrics).toMatch(new RegExp(`gutters_narrative_total\\{node="[^"]+",outcome="${outcome}"\\} 1\\n`));
  });

  test("a missing key refuses the request before anything is sent", async () => {
    await enable();
    mode = "answer";
    const key = process.env[KEY_ENV];
    delete process.env[KEY_ENV];
    try {
      const before = counts();
      const callsBefore = calls.length;
      const id = await newUser();
      await synthesisOf(id);
      await system.node.idle();
      expect(calls.length).toBe(callsBefore);
      expect(delta(before)).toEqual({ refused: 1 });
    } finally {
      process.env[KEY_ENV] = key;
    }
  });

  test("a narrative of a revision the synthesis has moved past is not stored; requests beyond the limit are dropped", async () => {
    await enable({ max_in_flight: 1 });
    mode = "hold";
    const before = counts();
    const callsBefore = calls.length;
    const id = await newUser();
    await synthesisOf(id);
    await eventually("the provider's request", () => calls.length === callsBefore + 1 && held.length === 1);
    // Revision 2 while the provider still writes about revision 1: its own request finds the one slot taken.
    expect((await request(system, "PUT", `/v1/users/${id}`, { ...EINSTEIN, time: "12:30" })).status).toBe(200);
    await eventually("revision 2", async () => (await system.node.users.getSynthesis(id))?.revision === 2, 20_000);
    await eventually("the dropped request", () => counts().dropped === before.dropped + 1);
    held.shift()?.();
    await system.node.idle();
    expect(delta(before)).toEqual({ stale: 1, dropped: 1 });
    expect((await system.node.users.getSynthesis(id))?.narrative).toBeUndefined();
    expect(calls.length).toBe(callsBefore + 1);
  });

  test("a refreshed intelligence part drops the narrative of the old one and gets its own", async () => {
    await enable();
    mode = "answer";
    const id = await newUser();
    await synthesisOf(id);
    await eventually("narrative", async () => (await system.node.users.getSynthesis(id))?.narrative);
    const before = counts();
    mode = "hold";
    // As when a hypothesis is confirmed: the intelligence part is rewritten at the same revision.
    expect(await system.node.intelligence.insight.refreshSynthesis(id)).toBe(true);
    const refreshed = await system.node.users.getSynthesis(id);
    expect(refreshed?.narrative).toBeUndefined();
    expect(refreshed?.intelligence_updated_at).toBeInstanceOf(Date);
    await eventually("the provider's request", () => held.length === 1);
    held.shift()?.();
    const stored = await eventually("narrative of the refreshed part", async () => (await system.node.users.getSynthesis(id))?.narrative);
    expect(stored).toMatchObject({ text: NARRATIVE, source_revision: refreshed?.revision });
    expect(delta(before)).toEqual({ stored: 1 });
  });
});
