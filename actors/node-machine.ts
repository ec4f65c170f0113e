import { fromPromise } from "xstate";
import type { Logger } from "../core/logger.ts";
import type { TrackingModule } from "../modules/contract.ts";
import type { Registry } from "../modules/registry.ts";
import type { ConfigStore } from "../store/config-store.ts";
import type { CalculationJob, ConfigState, SettleReason } from "./jobs.ts";
import { moduleActorMachine } from "./module-actor.ts";
import type { moduleWork } from "./module-work.ts";
import type { nodeIntelligence } from "./node-intelligence.ts";
import { type PipelineWorker, pipelineLogic } from "./pipeline-worker.ts";
import { supervisorMachine } from "./supervisor.ts";
import { trackingActorMachine } from "./tracking-actor.ts";
import { runTrackingTick, type TrackingTickDeps } from "./tracking-tick.ts";

export interface NodeMachineDeps {
  registry: Registry;
  configs: ConfigStore;
  logger: Logger;
  work: Pick<ReturnType<typeof moduleWork>, "runJob" | "settle">;
  trackersHosted: ReadonlyMap<string, TrackingModule>;
  tick: TrackingTickDeps;
  intelligence: Pick<ReturnType<typeof nodeIntelligence>, "personalActor">;
  pipeline: PipelineWorker;
}

/**
 * The supervisor machine with this node's implementations: how each kind of actor loads its config and
 * does its work (a calculation job, a tracking tick, an observer run, a pipeline task).
 */
export function nodeMachine({ registry, configs, logger, work, trackersHosted, tick, intelligence, pipeline }: NodeMachineDeps) {
  const loadConfig = async ({ input }: { input: { moduleName: string } }): Promise<ConfigState> => {
    const module = registry.get(input.moduleName);
    if (module === undefined) throw new Error(`unknown module ${input.moduleName}`);
    const loaded = await configs.load(module.name, module.config);
    if (loaded.error) logger.warn("stored config is invalid; using defaults", { module: module.name, issues: loaded.error.issues });
    return loaded;
  };
  return supervisorMachine.provide({
    actions: { settle: work.settle },
    actors: {
      moduleActor: moduleActorMachine.provide({
        actions: {
          settle: ({ context }, params: { jobs: CalculationJob[]; reason: SettleReason }) => work.settle(undefined, { module: context.moduleName, ...params }),
        },
        actors: { loadConfig: fromPromise(loadConfig), runJob: fromPromise(work.runJob) },
      }),
      trackingActor: trackingActorMachine.provide({
        actors: {
          loadConfig: fromPromise(loadConfig),
          runTick: fromPromise(async ({ input }: { input: { moduleName: string; config: ConfigState; windowStart?: string } }) => {
            const module = trackersHosted.get(input.moduleName);
            if (module === undefined) throw new Error(`tracking module ${input.moduleName} is not hosted here`);
            return runTrackingTick(tick, module, input.config, input.windowStart);
          }),
        },
      }),
      personalActor: intelligence.personalActor.provide({ actors: { loadConfig: fromPromise(loadConfig) } }),
      pipeline: pipelineLogic(pipeline),
    },
  });
}
