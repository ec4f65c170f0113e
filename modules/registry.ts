import type { CalculationModule, IntelligenceModule, TrackingModule } from "./contract.ts";

export type AnyModule = CalculationModule | TrackingModule | IntelligenceModule;

/** The modules of this build, by name; duplicate names fail at start-up. */
export interface Registry {
  all: readonly AnyModule[];
  get(name: string): AnyModule | undefined;
  calculationModules(): readonly CalculationModule[];
  trackingModules(): readonly TrackingModule[];
  intelligenceModules(): readonly IntelligenceModule[];
  /** Picks the modules a node hosts; an unknown name is an error naming it. */
  select(names: readonly string[] | undefined): AnyModule[];
}

export function isTrackingModule(module: AnyModule): module is TrackingModule {
  return module.layer === "tracking";
}

export function isCalculationModule(module: AnyModule): module is CalculationModule {
  return module.layer === "calculation";
}

export function isIntelligenceModule(module: AnyModule): module is IntelligenceModule {
  return module.layer === "intelligence";
}

export function createRegistry(modules: readonly AnyModule[]): Registry {
  const byName = new Map<string, AnyModule>();
  for (const module of modules) {
    if (byName.has(module.name)) throw new Error(`module ${module.name} is registered twice`);
    byName.set(module.name, module);
  }
  return {
    all: modules,
    get: (name) => byName.get(name),
    calculationModules: () => modules.filter(isCalculationModule),
    trackingModules: () => modules.filter(isTrackingModule),
    intelligenceModules: () => modules.filter(isIntelligenceModule),
    select(names) {
      if (names === undefined) return [...modules];
      return names.map((name) => {
        const module = byName.get(name);
        if (module === undefined) {
          throw new Error(`GUTTERS_MODULES: unknown module "${name}" (known: ${[...byName.keys()].join(", ")})`);
        }
        return module;
      });
    },
  };
}
