import { astrologyModule } from "./calculation/astrology/module.ts";
import { humanDesignModule } from "./calculation/human_design/module.ts";
import { numerologyModule } from "./calculation/numerology/module.ts";
import { hypothesesModule } from "./intelligence/hypotheses/module.ts";
import { journalModule } from "./intelligence/journal/module.ts";
import { observerModule } from "./intelligence/observer/module.ts";
import { themesModule } from "./intelligence/themes/module.ts";
import { createRegistry } from "./registry.ts";
import { lunarModule } from "./tracking/lunar/module.ts";
import { solarModule } from "./tracking/solar/module.ts";
import { transitsModule } from "./tracking/transits/module.ts";

/** Every module of this build, one per line: the composition root of the module layer. */
export const registry = createRegistry([
  numerologyModule,
  humanDesignModule,
  astrologyModule,
  lunarModule,
  transitsModule,
  solarModule,
  journalModule,
  observerModule,
  hypothesesModule,
  themesModule,
]);
