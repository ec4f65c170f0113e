import type { GuttersNode } from "../actors/node.ts";

/** Prometheus text exposition of the node's counters and queue lengths. */
export function renderMetrics(node: GuttersNode): string {
  const lines: string[] = [
    "# HELP gutters_dead_letters_total Payloads rejected to the dead-letter topic by this node.",
    "# TYPE gutters_dead_letters_total counter",
    `gutters_dead_letters_total{node="${node.nodeId}"} ${node.deadLetters.count}`,
    "# HELP gutters_module_jobs_total Jobs handled by a module actor, by outcome.",
    "# TYPE gutters_module_jobs_total counter",
  ];
  const summaries = node.actorSummaries();
  for (const summary of summaries) {
    for (const [outcome, value] of Object.entries(summary.counters)) {
      lines.push(`gutters_module_jobs_total{node="${node.nodeId}",module="${summary.module}",outcome="${outcome}"} ${value}`);
    }
  }
  lines.push("# HELP gutters_module_queue_length Jobs waiting in a module actor.", "# TYPE gutters_module_queue_length gauge");
  for (const summary of summaries) {
    lines.push(`gutters_module_queue_length{node="${node.nodeId}",module="${summary.module}"} ${summary.queue_length}`);
  }
  lines.push("# HELP gutters_module_restarts Restarts of a module actor inside the restart window.", "# TYPE gutters_module_restarts gauge");
  for (const summary of summaries) {
    lines.push(`gutters_module_restarts{node="${node.nodeId}",module="${summary.module}"} ${summary.restarts}`);
  }
  return `${lines.join("\n")}\n`;
}
