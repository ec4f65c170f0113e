import { parseArgs } from "node:util";
import { parseEnv } from "../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { configDefaults } from "../modules/contract.ts";
import { registry } from "../modules/index.ts";
import { ConfigStore } from "../store/config-store.ts";
import { connectDatabase } from "../store/database.ts";
import { CliError, calcCommand, parseJsonInput } from "./commands.ts";
import { observeCommand } from "./observe.ts";
import { trackCommand } from "./track.ts";

const USAGE = `usage:
  bun run cli calc <module> [file|-] [--config file]   print a module output for birth data (JSON)
  bun run cli config seed                              write every module's defaults (needs MONGODB_URI)
  bun run cli track <lunar|transits> [--at ISO] [--user file]
                                                       a tracking snapshot for an instant (default now)
  bun run cli track upcoming [--at ISO] [--days N] [--user file]
                                                       upcoming phases, ingresses, stations, void-of-course
                                                       periods and, with a user, exact natal transits
  bun run cli observe [file|-] [--config file]         observer findings for {journal, history} (JSON)`;

async function readSource(path: string | undefined): Promise<{ text: string; origin: string }> {
  if (path === undefined || path === "-") return { text: await Bun.stdin.text(), origin: "standard input" };
  const file = Bun.file(path);
  if (!(await file.exists())) throw new CliError(`no such file: ${path}`, 2);
  return { text: await file.text(), origin: path };
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      at: { type: "string" },
      days: { type: "string" },
      user: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    if (command === undefined && !values.help) throw new CliError("no command given", 2);
    return;
  }
  switch (command) {
    case "calc": {
      const [moduleName, path] = rest;
      if (moduleName === undefined) throw new CliError(`calc needs a module name\n${USAGE}`, 2);
      const input = await readSource(path);
      const config = values.config === undefined ? undefined : parseJsonInput((await readSource(values.config)).text, values.config);
      const output = calcCommand(registry, moduleName, parseJsonInput(input.text, input.origin), config, new Date());
      console.log(JSON.stringify(output, null, 2));
      return;
    }
    case "config": {
      if (rest[0] !== "seed") throw new CliError(`unknown config command "${rest[0] ?? ""}"\n${USAGE}`, 2);
      const env = parseEnv(process.env);
      if (env.MONGODB_URI === undefined) throw new CliError("config seed needs MONGODB_URI", 2);
      const database = await connectDatabase(env.MONGODB_URI, env.GUTTERS_DB_NAME !== undefined ? { databaseName: env.GUTTERS_DB_NAME } : {});
      try {
        const store = new ConfigStore(database.db);
        const now = new Date();
        const rows = [
          ...registry.all.map((module) => ({ name: module.name, defaults: configDefaults(module) })),
          { name: RUNTIME_CONFIG_NAME, defaults: RuntimeSettingsSchema.parse({}) },
        ];
        for (const row of rows) {
          const written = await store.seed(row.name, row.defaults, now);
          console.log(`${row.name}: ${written ? "defaults written" : "kept existing row"}`);
        }
      } finally {
        await database.close();
      }
      return;
    }
    case "track": {
      const [target] = rest;
      if (target === undefined) throw new CliError(`track needs a module name or "upcoming"\n${USAGE}`, 2);
      const user = values.user === undefined ? undefined : parseJsonInput((await readSource(values.user)).text, values.user);
      const output = await trackCommand(
        registry,
        target,
        { ...(values.at !== undefined ? { at: values.at } : {}), ...(values.days !== undefined ? { days: values.days } : {}), ...(user !== undefined ? { user } : {}) },
        new Date(),
      );
      console.log(JSON.stringify(output, null, 2));
      return;
    }
    case "observe": {
      const input = await readSource(rest[0]);
      const config = values.config === undefined ? undefined : parseJsonInput((await readSource(values.config)).text, values.config);
      console.log(JSON.stringify(observeCommand(parseJsonInput(input.text, input.origin), config, new Date()), null, 2));
      return;
    }
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`, 2);
  }
}

try {
  await run(Bun.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
