import { ValidationError } from "../../../core/errors.ts";
import { phasesInWindow } from "../lunar/phases.ts";
import { vocPeriods } from "../lunar/voc.ts";
import { exactTransits } from "../transits/exact.ts";
import { buildTransitGrid } from "../transits/grid.ts";
import type { NatalPoints } from "../transits/schemas.ts";
import { ingressesInWindow, stationsInWindow } from "../transits/service.ts";
import type { Upcoming, UpcomingConfig, UpcomingEvent } from "./schemas.ts";

/**
 * Everything coming up in the `days` days after `at`, sorted by time (DESIGN.md §8): principal lunar phases,
 * sign ingresses, stations, void-of-course periods (`time` = start; one already running at `at` is included)
 * and, given natal points, exact transits to them. Bodies and signs lower case.
 */
export function upcomingEvents(at: Date, days: number, config: UpcomingConfig, natal?: NatalPoints): Upcoming {
  if (!(days > 0) || days > config.max_days) {
    throw new ValidationError(`days must be in (0, ${config.max_days}]`, [{ path: "days", message: `expected 0 < days ≤ ${config.max_days}` }]);
  }
  const to = new Date(at.getTime() + days * 86_400_000);
  const { lunar, transits } = config;
  const events: UpcomingEvent[] = [];
  for (const p of phasesInWindow(at, to, lunar.scan_step_hours, lunar.tolerance_seconds)) {
    if (p.time.getTime() > at.getTime()) events.push({ type: "lunar_phase", time: p.time.toISOString(), phase: p.phase });
  }
  for (const i of ingressesInWindow(at, to, transits, config.ingress_bodies)) {
    events.push({ type: "ingress", time: i.time, body: i.body, sign: i.sign, direction: i.direction });
  }
  for (const s of stationsInWindow(at, to, transits)) {
    events.push({ type: "station", time: s.time, body: s.body, direction: s.direction });
  }
  for (const v of vocPeriods(at, to, lunar)) {
    if (Date.parse(v.start) < to.getTime()) {
      events.push({ type: "void_of_course", time: v.start, end: v.end, sign: v.sign, last_aspect: v.last_aspect });
    }
  }
  if (natal) {
    const grid = buildTransitGrid(at, days, transits.grid_step_hours, transits.exact_bodies);
    for (const e of exactTransits(grid, natal, transits.exact_bodies, at)) {
      events.push({ type: "transit_exact", time: e.time, body: e.body, natal_body: e.natal_body, aspect: e.aspect });
    }
  }
  return { events: events.sort((a, b) => Date.parse(a.time) - Date.parse(b.time)) };
}
