import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import { makeEvent } from "../../core/events.ts";
import type { Hypothesis } from "../../modules/intelligence/hypotheses/schemas.ts";
import type { JournalEntry } from "../../modules/intelligence/journal/schemas.ts";
import { type Finding, ObserverConfigSchema } from "../../modules/intelligence/observer/schemas.ts";
import { syntheticDataset } from "../../modules/intelligence/observer/tests/datasets.ts";
import { solarModule } from "../../modules/tracking/solar/module.ts";
import { SOLAR_PRODUCTS } from "../../modules/tracking/solar/schemas.ts";
import type { SynthesisDocument } from "../../store/user-store.ts";
import { connectClient, EINSTEIN, eventually, request, startTestSystem, type TestSystem } from "../support/services.ts";

const DAY_MS = 86_400_000;
const MODULES = "numerology,human_design,astrology,journal,observer,hypotheses,themes";
/** The collections that hold a person's intelligence data (DESIGN.md §6). */
const PERSONAL = ["journal_entries", "observer_findings", "hypotheses"] as const;

let system: TestSystem;
let mongo: MongoClient;

beforeAll(async () => {
  system = await startTestSystem({ modules: MODULES });
  mongo = await MongoClient.connect(system.mongoUri);
  // A shorter debounce than the default 10 s, still longer than the gaps between the test's entries: one run
  // follows the burst.
  expect((await request(system, "PATCH", "/v1/config/observer", { debounce_ms: 1500 })).status).toBe(200);
}, 30_000);
afterAll(async () => {
  await mongo.close();
  await system.dispose();
}, 30_000);

async function newUser(): Promise<string> {
  const post = await request(system, "POST", "/v1/users", EINSTEIN);
  const { id } = (await post.json()) as { id: string };
  await eventually("synthesis", async () => (await system.node.users.getSynthesis(id)) ?? undefined, 20_000);
  return id;
}

const countOf = (collection: string, userId: string) => mongo.db(system.dbName).collection(collection).countDocuments({ user_id: userId });

let solarPlanted: Promise<void> | undefined;

/** Solar history as the solar tracker stores it: one snapshot per reading with its Kp. */
async function plantSolar(solar: ReturnType<typeof syntheticDataset>["history"]["solar"]): Promise<void> {
  for (const sample of solar) {
    const at = new Date(sample.time);
    await system.node.tracking.addSnapshot({
      module: "solar",
      at,
      snapshot: solarModule.snapshot.parse({
        at: sample.time,
        kp: { latest: sample.kp, latest_time: sample.time, storm_level: Math.max(0, sample.kp - 4), g_scale: sample.kp >= 5 ? "G1" : "G0" },
        flares: { window_minutes: 60, peak_class: null, r_scale: "none", events: [], counts: { C: 0, M: 0, X: 0 } },
        bz: null,
        wind: null,
        storm_potential: { level: "unknown", reasons: [] },
        aurora: null,
        feeds: Object.fromEntries(SOLAR_PRODUCTS.map((product) => [product, { freshness: "fresh", fetched_at: sample.time, age_seconds: 0, error: null }])),
        stale_products: [],
      }),
      insights: [],
      config_version: 0,
      expires_at: new Date(at.getTime() + 365 * DAY_MS),
    });
  }
}

/**
 * Plants a Kp–headache relation for a person: 60 days ending yesterday of solar history as the solar tracker stores
 * it and journal entries over HTTP, headache on 90 % of the days after a storm day, 5 % otherwise (the observer tests'
 * generator; seed 3 gives r ≈ 0.84 with the default config).
 */
async function plantKpHeadache(id: string): Promise<ReturnType<typeof syntheticDataset>> {
  const start = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 60 * DAY_MS).toISOString();
  const data = syntheticDataset({ seed: 3, start, user_id: id, headache_after_storm: 0.9, headache_rate: 0.05 });
  // The sky is everyone's: its history is stored once, however many people are planted.
  solarPlanted ??= plantSolar(data.history.solar);
  await solarPlanted;
  for (let i = 0; i < data.journal.length; i += 10) {
    const answers = await Promise.all(
      data.journal.slice(i, i + 10).map(({ user_id: _user, ...body }) => request(system, "POST", `/v1/users/${id}/journal`, body)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
  }
  return data;
}

describe("intelligence over HTTP and MQTT", () => {
  test("a planted Kp–headache relation in a person's journal leads to a finding, a hypothesis and themes of ≥ 2 systems; erasure removes them", async () => {
    const id = await newUser();
    const data = await plantKpHeadache(id);
    // The stored entry carries the context of its time: Kp from the stored solar history, the Moon from the ephemeris.
    const storm = data.history.solar.find((sample) => sample.kp >= 5) as { time: string; kp: number };
    const page = (await (await request(system, "GET", `/v1/users/${id}/journal?limit=100`)).json()) as { entries: JournalEntry[]; next: string | null };
    expect(page.entries).toHaveLength(60);
    expect(page.next).toBeNull();
    const stormEntry = page.entries.find((entry) => entry.time > storm.time && Date.parse(entry.time) - Date.parse(storm.time) < 3 * 3_600_000);
    if (stormEntry !== undefined) expect(stormEntry.context?.storm).toBe(true);
    expect(page.entries.every((entry) => entry.context !== undefined && entry.context.lunar.phase_angle >= 0)).toBe(true);

    // The scheduled pass can be run at once; it queues everyone with a journal (this person among them).
    expect(system.node.tickNow("observer")).toBe(true);
    await eventually("a scheduled pass", () => (system.node.actorSummaries().find((summary) => summary.module === "observer")?.counters.sweeps ?? 0) >= 1);
    const findings = await eventually(
      "a finding",
      async () => {
        const body = (await (await request(system, "GET", `/v1/users/${id}/findings`)).json()) as { findings: Finding[] };
        return body.findings.length > 0 ? body.findings : undefined;
      },
      30_000,
    );
    const headache = findings.find((finding) => finding.pattern_type === "solar_symptom" && finding.subject === "headache");
    expect(headache).toBeDefined();
    expect(headache?.statistic).toBeGreaterThan(0.6);
    expect(headache?.p_value).toBeLessThan(0.05);

    const hypotheses = await eventually("a hypothesis", async () => {
      const body = (await (await request(system, "GET", `/v1/users/${id}/hypotheses`)).json()) as { hypotheses: Hypothesis[] };
      return body.hypotheses.length > 0 ? body.hypotheses : undefined;
    });
    const hypothesis = hypotheses.find((h) => h.finding_id === headache?.id) as Hypothesis;
    expect(hypothesis.type).toBe("cosmic_sensitivity");
    expect(hypothesis.status).toBe("forming");

    // The person's confirmations are evidence; enough of them confirm it (8 with the default ledger: Σw ≥ 5.4).
    let status = hypothesis.status;
    for (let i = 0; i < 12 && status !== "confirmed"; i++) {
      const answer = await request(system, "POST", `/v1/users/${id}/hypotheses/${hypothesis.id}/feedback`, { feedback: "confirm" });
      expect(answer.status).toBe(200);
      status = ((await answer.json()) as Hypothesis).status;
      await Bun.sleep(2);
    }
    expect(status).toBe("confirmed");

    const synthesis = await eventually("a synthesis with the confirmed hypothesis", async () => {
      const answer = await request(system, "GET", `/v1/users/${id}/synthesis`);
      const body = (await answer.json()) as SynthesisDocument;
      return answer.status === 200 && (body.confirmed_hypotheses ?? []).length > 0 ? body : undefined;
    });
    expect(synthesis.confirmed_hypotheses?.map((h) => h.id)).toEqual([hypothesis.id]);
    expect(synthesis.themes?.length).toBeGreaterThan(0);
    for (const theme of synthesis.themes ?? []) expect(new Set(theme.supported_by.map((support) => support.module)).size).toBeGreaterThanOrEqual(2);
    expect(synthesis.coverage?.ratio).toBe(1);
    expect(Object.keys(synthesis.highlights ?? {}).sort()).toEqual(["astrology", "human_design", "numerology"]);

    expect((await request(system, "DELETE", `/v1/users/${id}`)).status).toBe(204);
    const left = async () => (await Promise.all(PERSONAL.map((collection) => countOf(collection, id)))).reduce((sum, count) => sum + count, 0);
    await eventually("nothing personal left", async () => (await left()) === 0);
    await system.node.idle();
    for (const collection of PERSONAL) expect(await countOf(collection, id)).toBe(0);
  }, 240_000);

  test("a finding no longer detected lapses, announced once on the person's topic and no evidence; detected again, it holds again", async () => {
    const id = await newUser();
    await plantKpHeadache(id);
    const findingsOf = async (query = ""): Promise<Finding[]> =>
      ((await (await request(system, "GET", `/v1/users/${id}/findings${query}`)).json()) as { findings: Finding[] }).findings;
    const hypothesesOf = async (): Promise<Hypothesis[]> =>
      ((await (await request(system, "GET", `/v1/users/${id}/hypotheses`)).json()) as { hypotheses: Hypothesis[] }).hypotheses;
    // The run that follows the burst of entries finds the relation.
    await eventually("a headache finding", async () => (await findingsOf()).find((f) => f.pattern_type === "solar_symptom" && f.subject === "headache"), 30_000);
    await system.node.idle();
    const holding = await findingsOf();
    const headache = holding.find((f) => f.pattern_type === "solar_symptom" && f.subject === "headache") as Finding;
    expect(holding.every((f) => f.lapsed_at === undefined)).toBe(true);
    expect(await findingsOf("?status=lapsed")).toEqual([]);
    const evidenceBefore = new Map((await hypothesesOf()).map((h) => [h.id, h.evidence.length]));
    expect(evidenceBefore.size).toBeGreaterThan(0);

    const { client, messages } = await connectClient(system.mqttUrl);
    const topic = system.topics.userEvent(id, "observer.finding.updated");
    await client.subscribeAsync(topic, { qos: 1 });
    const updates = () => messages.filter((m) => m.topic === topic).map((m) => JSON.parse(m.payload) as { id: string; data: Finding });
    const config = ObserverConfigSchema.parse({});

    // A run a year on: its window holds none of the entries, so nothing supports what held.
    const later = new Date(Date.now() + 365 * DAY_MS);
    const lapse = await system.node.intelligence.insight.observePerson(id, later, config);
    expect(lapse).toMatchObject({ findings: 0, finding_events: holding.length });
    const lapsed = await findingsOf();
    expect(lapsed).toEqual(holding.map((f) => ({ ...f, lapsed_at: later.toISOString() })));
    expect(await findingsOf("?status=lapsed")).toEqual(lapsed);
    expect(await findingsOf("?status=holding")).toEqual([]);
    const announced = await eventually("the lapse on the person's topic", () => updates().find((e) => e.data.id === headache.id));
    expect(announced.id).toBe(`${headache.id}@lapsed@${later.toISOString()}`);
    expect(announced.data).toEqual({ ...headache, lapsed_at: later.toISOString() });
    // A lapse is no evidence for the hypothesis the finding started (it decays instead).
    for (const h of await hypothesesOf()) expect(h.evidence.length).toBe(evidenceBefore.get(h.id) ?? 0);

    // Still nothing a day later: no second announcement, the lapse keeps its instant.
    expect(await system.node.intelligence.insight.observePerson(id, new Date(later.getTime() + DAY_MS), config)).toMatchObject({ finding_events: 0 });
    expect(await findingsOf()).toEqual(lapsed);

    // Back at today's window the relation is found again: it holds again, announced as an update without lapsed_at.
    const again = await system.node.intelligence.insight.observePerson(id, new Date(), config);
    expect(again.findings).toBeGreaterThan(0);
    const found = (await findingsOf()).find((f) => f.id === headache.id) as Finding;
    expect(found.lapsed_at).toBeUndefined();
    expect((await findingsOf("?status=holding")).map((f) => f.id)).toContain(headache.id);
    const back = await eventually("the finding holding again on the person's topic", () =>
      updates().find((e) => e.data.id === headache.id && e.data.lapsed_at === undefined),
    );
    expect(back.id).toBe(`${headache.id}@${found.detected_at}`);
    expect(updates().filter((e) => e.data.id === headache.id)).toHaveLength(2);
    await client.endAsync();

    const bad = await request(system, "GET", `/v1/users/${id}/findings?status=gone`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual(["status"]);
  }, 120_000);

  test("the intelligence modules are registered like the others: listed, hosted, config from their rows", async () => {
    const list = (await (await request(system, "GET", "/v1/modules")).json()) as {
      modules: { name: string; layer: string; hosted: boolean; state: string | null; config: { source: string; version: number } }[];
    };
    const intelligence = list.modules.filter((module) => module.layer === "intelligence");
    expect(intelligence.map((module) => module.name)).toEqual(["journal", "observer", "hypotheses", "themes"]);
    expect(intelligence.every((module) => module.hosted && module.state !== null)).toBe(true);
    // The PATCH in beforeAll stored the observer's row; its actor runs with it.
    expect(intelligence.find((module) => module.name === "observer")?.config).toMatchObject({ source: "database", version: 1 });
    const summary = system.node.actorSummaries().find((actor) => actor.module === "observer");
    expect(summary?.config_version).toBe(1);
  });

  test("bad input is a 400 naming the field; an unknown person is a 404; a retried entry id is the same entry", async () => {
    const id = await newUser();
    const issuesOf = async (body: unknown) => {
      const answer = await request(system, "POST", `/v1/users/${id}/journal`, body);
      return { status: answer.status, paths: ((await answer.json()) as { issues?: { path: string }[] }).issues?.map((issue) => issue.path) };
    };
    expect(await issuesOf({ text: "fine", mood: 11 })).toEqual({ status: 400, paths: ["mood"] });
    expect(await issuesOf({ text: "fine", moood: 5 })).toMatchObject({ status: 400 });
    expect(await issuesOf({ text: "fine", time: "2500-01-01T00:00:00Z" })).toEqual({ status: 400, paths: ["time"] });
    expect((await request(system, "POST", "/v1/users/nobody-here/journal", { text: "x" })).status).toBe(404);
    expect((await request(system, "GET", "/v1/users/nobody-here/findings")).status).toBe(404);
    expect((await request(system, "GET", `/v1/users/${id}/journal?limit=101`)).status).toBe(400);
    expect((await request(system, "POST", `/v1/users/${id}/hypotheses/h-none/feedback`, { feedback: "confirm" })).status).toBe(404);
    expect((await request(system, "POST", `/v1/users/${id}/hypotheses/h-none/feedback`, { feedback: "maybe" })).status).toBe(400);

    const entry = { id: "retry-1", time: "2026-11-01T10:00:00Z", text: "first", mood: 4 };
    expect((await request(system, "POST", `/v1/users/${id}/journal`, entry)).status).toBe(201);
    const again = await request(system, "POST", `/v1/users/${id}/journal`, { ...entry, text: "second" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as JournalEntry).text).toBe("first");
    expect(await countOf("journal_entries", id)).toBe(1);

    // Paging: newest first, `next` continues where the page ended.
    for (let d = 2; d <= 5; d++) await request(system, "POST", `/v1/users/${id}/journal`, { id: `p-${d}`, time: `2026-11-0${d}T10:00:00Z`, text: "x" });
    const first = (await (await request(system, "GET", `/v1/users/${id}/journal?limit=3`)).json()) as { entries: JournalEntry[]; next: string };
    expect(first.entries.map((e) => e.id)).toEqual(["p-5", "p-4", "p-3"]);
    const second = (await (await request(system, "GET", `/v1/users/${id}/journal?limit=3&before=${encodeURIComponent(first.next)}`)).json()) as {
      entries: JournalEntry[];
      next: string | null;
    };
    expect(second.entries.map((e) => e.id)).toEqual(["p-2", "retry-1"]);
    expect(second.next).toBeNull();
    const beforeInstant = (await (await request(system, "GET", `/v1/users/${id}/journal?before=2026-11-03T00:00:00Z`)).json()) as { entries: JournalEntry[] };
    expect(beforeInstant.entries.map((e) => e.id)).toEqual(["p-2", "retry-1"]);
  }, 60_000);

  test("an entry published on the person's topic is stored once; an invalid one goes to the dead letter without its text", async () => {
    const id = await newUser();
    const { client, messages } = await connectClient(system.mqttUrl);
    await client.subscribeAsync([system.topics.deadLetter, system.topics.userEvent(id, "journal.entry.created")], { qos: 1 });
    const topic = system.topics.userEvent(id, "journal.entry.created");
    const event = makeEvent({
      id: "client-event-1",
      source: "/phone",
      type: "journal.entry.created",
      time: new Date(),
      subject: id,
      data: { time: "2026-11-20T08:00:00Z", text: "slept badly", mood: 3, symptoms: ["Insomnia"] },
    });
    await client.publishAsync(topic, JSON.stringify(event), { qos: 1 });
    // A redelivery of the same event is the same entry.
    await client.publishAsync(topic, JSON.stringify(event), { qos: 1 });
    const stored = await eventually("the stored entry", async () => {
      const body = (await (await request(system, "GET", `/v1/users/${id}/journal`)).json()) as { entries: JournalEntry[] };
      return body.entries.length > 0 ? body.entries : undefined;
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: "slept badly", mood: 3, symptoms: ["insomnia"], time: "2026-11-20T08:00:00.000Z" });
    expect(stored[0]?.context?.lunar.moon_sign).toBeString();
    // The stored entry is announced on the person's topic with `stored`.
    await eventually("the stored announcement", () => messages.some((m) => m.topic === topic && JSON.parse(m.payload).stored === true));

    const secret = "a very private sentence";
    await client.publishAsync(topic, JSON.stringify({ ...event, id: "client-event-2", data: { text: secret, mood: 12 } }), { qos: 1 });
    const letter = await eventually("a dead letter", () => messages.find((m) => m.topic === system.topics.deadLetter));
    expect(letter.payload).not.toContain(secret);
    expect((JSON.parse(letter.payload) as { reason: { issues: { path: string }[] } }).reason.issues.map((issue) => issue.path)).toEqual(["data.mood"]);
    // An entry for someone who does not exist is refused the same way.
    const stranger = system.topics.userEvent("nobody-here", "journal.entry.created");
    await client.publishAsync(stranger, JSON.stringify({ ...event, id: "client-event-3", subject: "nobody-here" }), { qos: 1 });
    await eventually("a not_found dead letter", () => messages.some((m) => m.topic === system.topics.deadLetter && m.payload.includes("not_found")));
    await client.endAsync();
    expect(await countOf("journal_entries", id)).toBe(1);
  }, 60_000);
});
