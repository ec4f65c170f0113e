import type { Topics } from "../../core/events.ts";
import { topicMatches } from "../../bus/topic-match.ts";
import { CANARY, type FuzzMessage } from "./mqtt-fuzz.ts";

/** What a dead letter may hold (bus/dead-letter.ts, DESIGN.md §11): never the payload. */
const LETTER_KEYS = new Set(["reason", "topic", "size", "sha256", "received_at", "node"]);
/** A letter names the rule that failed; anything near the payload's own size would be the payload again. */
export const MAX_LETTER_BYTES = 4096;
const MAX_PROBLEMS = 20;

type Letter = { reason?: { error?: unknown; message?: unknown }; topic?: unknown; size?: unknown; sha256?: unknown };
type Reply = { type?: unknown; correlationid?: unknown; data?: { error?: unknown; message?: unknown } };

/**
 * Matches what a node publishes during a fuzz run against what each message should cause: a dead letter
 * (by topic and SHA-256 of the payload) or an `.error` reply (by correlation id). Everything else the node
 * publishes on the fuzz root outside its own state topics is a stray, e.g. an answer sent where a request told it to.
 */
export class FuzzObserver {
  /** Messages sent per category. */
  readonly sent = new Map<string, number>();
  /** Dead letters and error replies the messages sent must cause. */
  lettersDue = 0;
  repliesDue = 0;
  /** Dead letters and replies received (matched or not). */
  letters = 0;
  replies = 0;
  largestLetter = 0;
  /** The first problems found, and how many there were in all. */
  readonly problems: string[] = [];
  problemCount = 0;
  private readonly letterDue = new Map<string, number>();
  private readonly replyDue = new Map<string, { replyto: string; category: string }>();
  private pending = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly topics: Topics, private readonly root: string) {}

  /** Messages sent whose dead letter or reply has not arrived yet. */
  get outstanding(): number {
    return this.pending;
  }

  /** Records what a message must cause; call before publishing it. */
  expect(message: FuzzMessage): void {
    this.sent.set(message.category, (this.sent.get(message.category) ?? 0) + 1);
    if (message.expected.kind === "dead-letter") {
      const key = letterKey(message.topic, sha256(message.payload));
      this.letterDue.set(key, (this.letterDue.get(key) ?? 0) + 1);
      this.lettersDue += 1;
      this.pending += 1;
    } else if (message.expected.kind === "error-reply") {
      this.replyDue.set(message.expected.correlationid, { replyto: message.expected.replyto, category: message.category });
      this.repliesDue += 1;
      this.pending += 1;
    }
  }

  receive(topic: string, payload: Uint8Array): void {
    if (topic === this.topics.deadLetter) this.letter(payload);
    else if (topicMatches(`${this.topics.replies("+")}/#`, topic) || topicMatches(`${this.topics.userReplies("+")}/#`, topic)) this.reply(topic, payload);
    else if (!this.ownState(topic)) this.problem(`stray publish on ${topic.slice(0, 200)}`);
    this.wake?.();
  }

  /** Resolves once at most `count` messages are outstanding; rejects when none is answered for `idleMs`. */
  async waitUntilOutstanding(count: number, idleMs: number): Promise<void> {
    let progressAt = performance.now();
    let seen = this.pending;
    while (this.pending > count) {
      const left = progressAt + idleMs - performance.now();
      if (left <= 0) {
        throw new Error(`nothing answered for ${idleMs} ms with ${this.pending} outstanding: ${this.describeOutstanding()}; problems: ${this.problems.join(" | ")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (this.pending !== seen) {
        seen = this.pending;
        progressAt = performance.now();
      }
    }
  }

  describeOutstanding(): string {
    const replies = [...this.replyDue.values()].slice(0, 5).map((due) => `${due.category} → ${due.replyto}`);
    const letters = [...this.letterDue.keys()].slice(0, 5).map((key) => key.split("\n")[0]);
    return JSON.stringify({ replies, letters });
  }

  private letter(payload: Uint8Array): void {
    this.letters += 1;
    this.largestLetter = Math.max(this.largestLetter, payload.byteLength);
    const text = new TextDecoder().decode(payload);
    const letter = JSON.parse(text) as Letter;
    const where = `letter for ${String(letter.topic).slice(0, 120)}`;
    if (typeof letter.reason?.error !== "string" || typeof letter.reason.message !== "string") this.problem(`${where} without a reason`);
    const extra = Object.keys(letter).filter((key) => !LETTER_KEYS.has(key));
    if (extra.length > 0) this.problem(`${where} has ${extra.join(", ")}`);
    if (text.includes(CANARY)) this.problem(`${where} quotes the payload: ${text.slice(0, 300)}`);
    if (payload.byteLength > MAX_LETTER_BYTES) this.problem(`${where} is ${payload.byteLength} bytes: ${text.slice(0, 300)}`);
    const key = letterKey(String(letter.topic), String(letter.sha256));
    const due = this.letterDue.get(key);
    if (due === undefined) {
      this.problem(`unexpected ${where}: ${JSON.stringify(letter.reason).slice(0, 200)}`);
      return;
    }
    if (due === 1) this.letterDue.delete(key);
    else this.letterDue.set(key, due - 1);
    this.pending -= 1;
  }

  private reply(topic: string, payload: Uint8Array): void {
    this.replies += 1;
    const text = new TextDecoder().decode(payload);
    const reply = JSON.parse(text) as Reply;
    const due = this.replyDue.get(String(reply.correlationid));
    if (due === undefined) {
      this.problem(`unexpected reply on ${topic}: ${text.slice(0, 200)}`);
      return;
    }
    this.replyDue.delete(String(reply.correlationid));
    this.pending -= 1;
    const where = `${due.category} reply ${String(reply.type)}`;
    if (topic !== due.replyto) this.problem(`${where} on ${topic}, asked for ${due.replyto}`);
    if (typeof reply.type !== "string" || !reply.type.endsWith(".error")) this.problem(`${where} is not an error: ${text.slice(0, 300)}`);
    if (typeof reply.data?.error !== "string" || typeof reply.data.message !== "string") this.problem(`${where} without {error, message}`);
    if (text.includes(CANARY)) this.problem(`${where} quotes the request: ${text.slice(0, 300)}`);
  }

  /** The node's presence, actor summaries, tracking snapshots and tracking events: its own, not answers. */
  private ownState(topic: string): boolean {
    return [this.topics.allNodes, this.topics.allActors, `${this.root}/tracking/#`, `${this.root}/events/cosmic/#`].some((filter) =>
      topicMatches(filter, topic),
    );
  }

  private problem(text: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
  }
}

function letterKey(topic: string, sha: string): string {
  return `${topic}\n${sha}`;
}

function sha256(payload: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(payload).digest("hex");
}
