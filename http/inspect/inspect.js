// The live inspection page: every node's actors from GET /v1/nodes (refreshed), this node's state changes
// from GET /v1/actors/stream as they happen. Text from the server is only ever set as textContent.
import { drawMachine, STATE_LABELS } from "/inspect/diagram.js";

const REFRESH_MS = 2000;
const RECONNECT_MS = 2000;
const FEED_LENGTH = 60;

/** The credential: from the URL fragment (never the query string, so it stays out of logs) or the field. */
let credential = new URLSearchParams(location.hash.slice(1)).get("key") ?? "";
let selfId = null;
let nodes = [];
const lastState = new Map();

const $ = (id) => document.getElementById(id);

function headers() {
  return credential ? { authorization: `Bearer ${credential}` } : {};
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setConnection(state, text) {
  const status = $("connection");
  status.dataset.state = state;
  status.textContent = text;
}

const readableState = (state) => (Object.hasOwn(STATE_LABELS, state) ? STATE_LABELS[state] : state);

/** XState ids → what a person calls them; internal children (`x:3`) have no name worth showing. */
function readableActor(id) {
  if (typeof id !== "string") return null;
  if (id.startsWith("module.")) return id.slice("module.".length);
  if (id === "pipeline") return "pipeline";
  return null;
}

const EVENT_NAMES = {
  job: "new job",
  "config.changed": "config changed",
  "config.updated": "config updated",
  "user.deleted": "user erased",
  "tick.now": "tick requested",
  "birth_data.updated": "birth data received",
  "synthesis.due": "synthesis due",
  synthesize: "synthesis",
  "module.restart": "restart",
  "intake.stop": "stopping",
};

function readableEvent(type) {
  if (typeof type !== "string") return "";
  if (Object.hasOwn(EVENT_NAMES, type)) return EVENT_NAMES[type];
  if (type.startsWith("xstate.done.actor")) return "step finished";
  if (type.startsWith("xstate.error.actor")) return "step failed";
  if (type.startsWith("xstate.after")) return "timer";
  if (type === "xstate.init") return "started";
  if (type === "xstate.stop") return "stopped";
  return type.replaceAll(".", " ");
}

function fact(list, label, value, className) {
  list.append(make("dt", "", label));
  list.append(make("dd", className ?? "", value));
}

function renderActor(actor) {
  const card = make("article", "actor");
  card.dataset.actor = actor.id;
  card.dataset.module = actor.module;
  const title = make("h3", "", actor.module);
  title.append(make("span", "layer", actor.layer));
  title.append(make("span", `pill ${actor.status}`, actor.status));
  card.append(title);
  const now = make("p", "now", "now: ");
  now.append(make("strong", "state", readableState(actor.state)));
  card.append(now);
  card.append(drawMachine(actor.machine ?? (actor.layer === "tracking" ? "tracking" : "calculation"), actor.state));
  const facts = make("dl", "facts");
  fact(facts, "queue", String(actor.queue_length ?? 0));
  fact(facts, "restarts", String(actor.restarts ?? 0));
  const source = actor.config_source ? ` (${actor.config_source})` : "";
  fact(facts, "config version", actor.config_version === null || actor.config_version === undefined ? "—" : `${actor.config_version}${source}`);
  const counters = actor.counters ?? {};
  const counted = Object.entries(counters).map(([name, value]) => `${value} ${name}`).join(", ");
  fact(facts, actor.layer === "tracking" ? "ticks" : "jobs", counted || "—");
  if (actor.last_tick_at) fact(facts, "last tick", new Date(actor.last_tick_at).toLocaleTimeString());
  if (actor.config_error) fact(facts, "config error", actor.config_error.message, "error");
  fact(facts, "last error", actor.last_error ? actor.last_error.message : "none", actor.last_error ? "error" : "");
  card.append(facts);
  return card;
}

function render() {
  const container = $("nodes");
  container.replaceChildren();
  if (nodes.length === 0) container.append(make("p", "empty", "No node has reported yet."));
  for (const node of nodes) {
    const section = make("section", "node");
    section.dataset.node = node.id;
    const title = make("h2", "", `node ${node.id}`);
    title.append(make("span", `pill ${node.presence}`, node.presence));
    if (node.id === selfId) title.append(make("span", "pill self", "this node"));
    section.append(title);
    const actors = make("div", "actors");
    if (node.actors.length === 0) actors.append(make("p", "empty", "no actors reported"));
    for (const actor of node.actors) actors.append(renderActor(actor));
    section.append(actors);
    container.append(section);
  }
}

function addFeed(at, who, text) {
  const item = make("li");
  const time = make("time", "", new Date(at).toLocaleTimeString());
  time.dateTime = at;
  item.append(time, make("span", "who", who), make("span", "what", text));
  const feed = $("feed");
  feed.prepend(item);
  while (feed.children.length > FEED_LENGTH) feed.lastElementChild.remove();
}

/** Nodes coming and going belong in the feed too; the first answer only sets what is known. */
const presence = new Map();
let presenceKnown = false;
function notePresence(next) {
  for (const node of next) {
    const before = presence.get(node.id);
    if (presenceKnown && before !== node.presence) addFeed(new Date().toISOString(), `node ${node.id}`, before === undefined ? `appeared (${node.presence})` : `is ${node.presence}`);
    presence.set(node.id, node.presence);
  }
  presenceKnown = true;
}

async function refresh() {
  try {
    const response = await fetch("/v1/nodes", { headers: headers() });
    if (response.status === 401 || response.status === 403) {
      setConnection("error", "a valid API key is needed (field above or /inspect#key=…)");
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = await response.json();
    selfId = body.node;
    notePresence(body.nodes);
    nodes = body.nodes;
    render();
  } catch (error) {
    setConnection("error", `cannot reach the node (${error.message})`);
  }
}

/** Folds a live state change into the actor shown for this node, so the page need not wait for a refresh. */
function applyInspection(event) {
  const name = readableActor(event.actor);
  if (name === null) return;
  const state = typeof event.state === "string" ? event.state : null;
  const previous = lastState.get(event.actor);
  if (event.kind === "snapshot" && state !== null) {
    lastState.set(event.actor, state);
    if (previous !== undefined && previous !== state) {
      addFeed(event.at, name, `${readableState(previous)} → ${readableState(state)}${event.event_type ? ` (${readableEvent(event.event_type)})` : ""}`);
      const self = nodes.find((node) => node.id === selfId);
      const actor = self?.actors.find((candidate) => candidate.id === event.actor);
      if (actor) {
        actor.state = state;
        render();
      }
    }
  } else if (event.kind === "event" && event.event_type && !event.event_type.startsWith("xstate.")) {
    addFeed(event.at, name, readableEvent(event.event_type));
  }
}

function handleBlock(block) {
  let name = "message";
  let data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trim();
  }
  if (!data) return;
  const payload = JSON.parse(data);
  if (name === "actors") for (const actor of payload) lastState.set(actor.id, actor.state);
  else if (name === "inspection") applyInspection(payload);
}

/** SSE over fetch (EventSource cannot send an Authorization header); reconnects after a pause. */
let streamAbort = null;
async function stream() {
  streamAbort?.abort();
  const controller = new AbortController();
  streamAbort = controller;
  try {
    const response = await fetch("/v1/actors/stream", { headers: headers(), signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    setConnection("live", "live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        handleBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    throw new Error("stream ended");
  } catch (error) {
    if (controller.signal.aborted) return;
    setConnection("connecting", `reconnecting (${error.message})`);
    setTimeout(stream, RECONNECT_MS);
  }
}

$("credential").addEventListener("submit", (event) => {
  event.preventDefault();
  credential = $("key").value.trim();
  $("key").value = "";
  void refresh();
  void stream();
});

void refresh();
void stream();
setInterval(refresh, REFRESH_MS);
