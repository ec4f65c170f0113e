import mqtt, { type MqttClient } from "mqtt";
import { z } from "zod";
import type { Topics } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";

/** Bounds of what the view keeps, so a broker full of stale or hostile retained topics cannot grow it. */
export const RETAINED_VIEW_LIMITS = { nodes: 64, actorsPerNode: 64, payloadBytes: 16_384 } as const;

/**
 * An actor summary as another node publishes it (actors/actor-summary.ts). Nodes of other versions may add
 * or lack fields, so the view keeps the ones the inspection page shows and tolerates the rest.
 */
export const RetainedActorSchema = z.object({
  id: z.string().max(128),
  module: z.string().max(128),
  layer: z.string().max(32),
  state: z.string().max(64),
  status: z.string().max(32),
  config_version: z.number().nullable().optional(),
  config_source: z.string().nullable().optional(),
  config_error: z.object({ message: z.string() }).nullable().optional(),
  last_error: z.object({ message: z.string(), at: z.string() }).nullable().optional(),
  restarts: z.number().optional(),
  queue_length: z.number().optional(),
  counters: z.record(z.string(), z.number()).optional(),
  last_tick_at: z.string().optional(),
});
export type RetainedActor = z.infer<typeof RetainedActorSchema>;

export const NodePresenceSchema = z.enum(["online", "offline", "unknown"]);

/** One node as seen on the broker: its retained presence and the retained summaries of its actors. */
export const NodeViewSchema = z.object({
  id: z.string(),
  presence: NodePresenceSchema,
  /** When this node last received a retained message about that node. */
  seen_at: z.string(),
  actors: z.array(RetainedActorSchema),
});
export type NodeView = z.infer<typeof NodeViewSchema>;

interface Entry {
  presence: z.infer<typeof NodePresenceSchema>;
  seenAt: Date;
  actors: Map<string, RetainedActor>;
}

/**
 * What this node has seen of every node's retained presence and actor summaries, so its inspection page
 * shows the other nodes too. It is a separate clean-session client: the node's own subscriber acknowledges
 * work and must not carry a view of the whole tree; this one holds nothing the broker would keep for it.
 */
export class RetainedView {
  private readonly nodes = new Map<string, Entry>();
  private client: MqttClient | undefined;

  constructor(
    private readonly topics: Pick<Topics, "allNodes" | "allActors" | "retainedStateOf">,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Connects and subscribes; messages that arrive before and after are folded into the view. */
  start(options: { url: string; clientId: string; protocolVersion: 4 | 5; logger: Logger }): void {
    const client = mqtt.connect(options.url, { clientId: options.clientId, clean: true, reconnectPeriod: 1000, protocolVersion: options.protocolVersion });
    this.client = client;
    client.on("connect", () => {
      client.subscribe([this.topics.allNodes, this.topics.allActors], { qos: 0 }, (error) => {
        if (error) options.logger.warn("inspection view cannot subscribe", { message: error.message });
      });
    });
    client.on("message", (topic, payload) => this.receive(topic, payload));
    client.on("error", (error) => options.logger.debug("inspection view mqtt error", { message: error.message }));
  }

  /** Folds one retained message into the view: presence, a summary, or an empty payload clearing one. */
  receive(topic: string, payload: Uint8Array): void {
    const about = this.topics.retainedStateOf(topic);
    if (about === undefined || payload.byteLength > RETAINED_VIEW_LIMITS.payloadBytes) return;
    const text = new TextDecoder().decode(payload);
    let entry = this.nodes.get(about.node);
    if (entry === undefined) {
      if (text === "" || this.nodes.size >= RETAINED_VIEW_LIMITS.nodes) return;
      entry = { presence: "unknown", seenAt: this.now(), actors: new Map() };
      this.nodes.set(about.node, entry);
    }
    entry.seenAt = this.now();
    if (about.actor === undefined) {
      const presence = NodePresenceSchema.safeParse(text);
      if (text === "") this.nodes.delete(about.node);
      else if (presence.success) entry.presence = presence.data;
      return;
    }
    if (text === "") {
      entry.actors.delete(about.actor);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const summary = RetainedActorSchema.safeParse(json);
    if (!summary.success) return;
    if (!entry.actors.has(about.actor) && entry.actors.size >= RETAINED_VIEW_LIMITS.actorsPerNode) return;
    entry.actors.set(about.actor, summary.data);
  }

  /** Every node seen, by id; `self` (this node's own live summaries) replaces what the broker last held for it. */
  view(self?: { id: string; actors: RetainedActor[] }): NodeView[] {
    const nodes: NodeView[] = [...this.nodes].map(([id, entry]) => ({
      id,
      presence: entry.presence,
      seen_at: entry.seenAt.toISOString(),
      actors: [...entry.actors.values()].sort((a, b) => a.id.localeCompare(b.id)),
    }));
    if (self !== undefined) {
      const own = { id: self.id, presence: "online" as const, seen_at: this.now().toISOString(), actors: self.actors };
      const index = nodes.findIndex((node) => node.id === self.id);
      if (index >= 0) nodes[index] = own;
      else nodes.push(own);
    }
    return nodes.sort((a, b) => (a.id === self?.id ? -1 : b.id === self?.id ? 1 : a.id.localeCompare(b.id)));
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.nodes.clear();
    // Forced: the view has nothing in flight, and a broker that is down must not hold up a stopping node.
    if (client !== undefined) await client.endAsync(true);
  }
}
