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
  const { counts } = node.reconciler;
  lines.push(
    "# HELP gutters_reconciler_runs_total Reconciliation rounds run by this node.",
    "# TYPE gutters_reconciler_runs_total counter",
    `gutters_reconciler_runs_total{node="${node.nodeId}"} ${counts.runs}`,
    "# HELP gutters_reconciler_deferred_total Reconciliation rounds skipped because the node had work in hand.",
    "# TYPE gutters_reconciler_deferred_total counter",
    `gutters_reconciler_deferred_total{node="${node.nodeId}"} ${counts.deferred}`,
    "# HELP gutters_reconciler_users_total Stranded users found by this node's reconciler, by what it did.",
    "# TYPE gutters_reconciler_users_total counter",
    `gutters_reconciler_users_total{node="${node.nodeId}",action="reissued"} ${counts.reissued}`,
    `gutters_reconciler_users_total{node="${node.nodeId}",action="synthesized"} ${counts.synthesized}`,
    "# HELP gutters_jobs_returned_total Module jobs this node let go without running, by reason (the reconciler re-issues what is still needed).",
    "# TYPE gutters_jobs_returned_total counter",
    ...Object.entries(node.returnedJobs).map(([reason, value]) => `gutters_jobs_returned_total{node="${node.nodeId}",reason="${reason}"} ${value}`),
    "# HELP gutters_narrative_total Narrative requests of this node, by outcome (stale: the synthesis moved on meanwhile).",
    "# TYPE gutters_narrative_total counter",
    ...Object.entries(node.narratives).map(([outcome, value]) => `gutters_narrative_total{node="${node.nodeId}",outcome="${outcome}"} ${value}`),
  );
  return `${lines.join("\n")}\n`;
}
