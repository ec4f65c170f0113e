// State machine drawings of the two actor kinds, with the names people read instead of XState's ids.
// Boxes sit on a grid (column, row); edges name the transitions the machines in actors/ can take.

const SVG = "http://www.w3.org/2000/svg";
const BOX = { width: 86, height: 26, gapX: 18, gapY: 22, pad: 6 };

/** Readable names of the states an actor summary can report (actors/actor-summary.ts). */
export const STATE_LABELS = {
  loading: "loading config",
  ready: "ready",
  working: "working",
  backoff: "backing off",
  crashed: "crashed",
  waiting: "waiting",
  ticking: "ticking",
  sweeping: "scheduled pass",
  lookingUp: "due work lookup",
  retrying: "retrying",
  configBackoff: "config retry",
  restarting: "restarting",
  failed: "failed",
};

/** The module actor (actors/module-actor.ts), the tracking actor (actors/tracking-actor.ts) and the per-person
 * actor of the observer and the synthesis refresh (actors/personal-actor.ts), plus the supervisor's view of a child
 * it is restarting or has given up on. */
export const MACHINES = {
  calculation: {
    states: { loading: [0, 0], ready: [1, 0], working: [2, 0], backoff: [0, 1], restarting: [1, 1], crashed: [2, 1], failed: [3, 1] },
    edges: [["loading", "ready"], ["ready", "working"], ["working", "ready"], ["loading", "backoff"], ["backoff", "loading"], ["working", "crashed"], ["crashed", "restarting"], ["restarting", "loading"], ["crashed", "failed"]],
  },
  tracking: {
    states: { loading: [0, 0], waiting: [1, 0], ticking: [2, 0], configBackoff: [0, 1], restarting: [1, 1], retrying: [2, 1], failed: [3, 1] },
    edges: [["loading", "waiting"], ["waiting", "ticking"], ["ticking", "waiting"], ["loading", "configBackoff"], ["configBackoff", "loading"], ["ticking", "retrying"], ["retrying", "ticking"], ["restarting", "loading"], ["ticking", "failed"]],
  },
  personal: {
    states: { loading: [0, 0], ready: [1, 0], working: [2, 0], configBackoff: [0, 1], sweeping: [1, 1], lookingUp: [2, 1], restarting: [3, 1] },
    edges: [
      ["loading", "ready"], ["ready", "working"], ["working", "ready"], ["ready", "sweeping"], ["sweeping", "ready"], ["ready", "lookingUp"],
      ["lookingUp", "ready"], ["loading", "configBackoff"], ["configBackoff", "loading"], ["restarting", "loading"],
    ],
  },
};

const BAD = new Set(["crashed", "failed"]);
const WARN = new Set(["backoff", "retrying", "configBackoff", "restarting"]);

function el(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function centre([column, row]) {
  return {
    x: BOX.pad + column * (BOX.width + BOX.gapX) + BOX.width / 2,
    y: BOX.pad + row * (BOX.height + BOX.gapY) + BOX.height / 2,
  };
}

/** Where the segment from a box's centre towards `to` leaves the box. */
function exit(from, to) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const scale = Math.min(dx === 0 ? Infinity : BOX.width / 2 / Math.abs(dx), dy === 0 ? Infinity : BOX.height / 2 / Math.abs(dy));
  return { x: from.x + dx * scale, y: from.y + dy * scale };
}

/** An SVG drawing of the machine `layer` (a key of MACHINES) with `state` lit; `data-state` names the lit box for tests. */
export function drawMachine(layer, state) {
  const machine = Object.hasOwn(MACHINES, layer) ? MACHINES[layer] : MACHINES.calculation;
  const columns = Math.max(...Object.values(machine.states).map(([column]) => column)) + 1;
  const rows = Math.max(...Object.values(machine.states).map(([, row]) => row)) + 1;
  const width = BOX.pad * 2 + columns * BOX.width + (columns - 1) * BOX.gapX;
  const height = BOX.pad * 2 + rows * BOX.height + (rows - 1) * BOX.gapY;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "diagram", role: "img", "data-state": state });
  svg.append(el("title", {}));
  svg.firstChild.textContent = `state machine, now ${Object.hasOwn(STATE_LABELS, state) ? STATE_LABELS[state] : state}`;
  const defs = el("defs", {});
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
  marker.append(el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#9aa5b5" }));
  defs.append(marker);
  svg.append(defs);
  const pairs = new Set(machine.edges.map(([a, b]) => `${a}>${b}`));
  for (const [a, b] of machine.edges) {
    const from = centre(machine.states[a]);
    const to = centre(machine.states[b]);
    // Transitions both ways are drawn side by side rather than on top of each other.
    const offset = pairs.has(`${b}>${a}`) ? (a < b ? -4 : 4) : 0;
    const horizontal = Math.abs(to.x - from.x) >= Math.abs(to.y - from.y);
    const shift = (point) => (horizontal ? { x: point.x, y: point.y + offset } : { x: point.x + offset, y: point.y });
    const start = exit(shift(from), shift(to));
    const end = exit(shift(to), shift(from));
    svg.append(el("line", { x1: start.x, y1: start.y, x2: end.x, y2: end.y }));
  }
  for (const [name, place] of Object.entries(machine.states)) {
    const { x, y } = centre(place);
    const lit = name === state;
    const group = el("g", { class: lit ? `lit${BAD.has(name) ? " bad" : WARN.has(name) ? " warn" : ""}` : "", "data-box": name });
    group.append(el("rect", { x: x - BOX.width / 2, y: y - BOX.height / 2, width: BOX.width, height: BOX.height, rx: 6 }));
    const label = el("text", { x, y });
    label.textContent = STATE_LABELS[name];
    group.append(label);
    svg.append(group);
  }
  return svg;
}
