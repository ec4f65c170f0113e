/// <reference lib="webworker" />
import { type ComputeTask, runComputeTask, serializeError } from "./compute-tasks.ts";

/**
 * The thread of the compute pool: runs one expensive query at a time, away from the event loop that answers
 * HTTP, MQTT and health checks.
 */
declare const self: Worker;

self.onmessage = (event: MessageEvent<{ id: number; task: ComputeTask }>) => {
  const { id, task } = event.data;
  try {
    postMessage({ id, ok: true, value: runComputeTask(task) });
  } catch (error) {
    postMessage({ id, ok: false, error: serializeError(error) });
  }
};
