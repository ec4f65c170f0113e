import { join } from "node:path";
import { redactUrlCredentials } from "../core/redact.ts";
import { EmbeddedMongoUnavailable } from "./embedded.ts";

/** The variables of `scripts/services.sh env` a node needs, as that script prints them on this machine. */
async function servicesEnv(root: string): Promise<string[]> {
  try {
    const child = Bun.spawn(["bash", join(root, "scripts", "services.sh"), "env"], { cwd: root, stdout: "pipe", stderr: "ignore" });
    const [text, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    if (code !== 0) return [];
    return text
      .split("\n")
      .map((line) => line.replace(/^export /, "").trim())
      .filter((line) => line.startsWith("MQTT_URL=") || line.startsWith("MONGODB_URI="));
  } catch {
    return [];
  }
}

/**
 * What `bun start` says when it cannot start: the reason and, when the embedded MongoDB is what failed
 * (no download possible), the exact commands that start the project's own database and broker here, with
 * the addresses the script will print, so the next attempt works.
 */
export async function startupFailureMessage(error: unknown, root: string): Promise<string> {
  // A connection string in the reason keeps its host but never its password.
  const message = redactUrlCredentials(error instanceof Error ? error.message : String(error));
  if (!(error instanceof EmbeddedMongoUnavailable)) return `start-up failed: ${message}`;
  const env = await servicesEnv(root);
  const lines = [`start-up failed: ${message}.`];
  if (env.length > 0) {
    lines.push(
      "Start the project's own broker and MongoDB-compatible database on this machine, then start again with their addresses:",
      "  bash scripts/services.sh start",
      // The broker's password stays in the script's state directory; the eval line brings it in.
      `  eval "$(bash scripts/services.sh env)"      # ${redactUrlCredentials(env.join(" "))}`,
      "  bun start",
    );
  }
  lines.push("Any MongoDB 6+ server works too: MONGODB_URI=mongodb://<host>:27017/gutters bun start");
  return lines.join("\n");
}
