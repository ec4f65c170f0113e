import { z } from "zod";
import { parseEnv } from "../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { configDefaults } from "../modules/contract.ts";
import { registry } from "../modules/index.ts";
import { isTrackingModule } from "../modules/registry.ts";
import { ConfigStore } from "../store/config-store.ts";
import { connectDatabase } from "../store/database.ts";
import { type CliArgs, parseCliArgs } from "./args.ts";
import { CliError, calcCommand, calculationModuleNamed, parseJsonInput } from "./commands.ts";
import { formatText } from "./format-text.ts";
import { observeCommand } from "./observe.ts";
import { unknownName } from "./suggest.ts";
import { trackCommand } from "./track.ts";
import { COMMANDS, commandHelp, OVERVIEW } from "./usage.ts";

const MODULE_NAMES = {
  calculation: registry.calculationModules().map((module) => module.name),
  tracking: registry.all.filter(isTrackingModule).map((module) => module.name),
};

async function readSource(path: string | undefined): Promise<{ text: string; origin: string }> {
  if (path === undefined || path === "-") return { text: await Bun.stdin.text(), origin: "standard input" };
  const file = Bun.file(path);
  if (!(await file.exists())) throw new CliError(`no such file: ${path}`, 2);
  return { text: await file.text(), origin: path };
}

function print(result: unknown, args: CliArgs): void {
  console.log(args.format === "text" ? formatText(result) : JSON.stringify(result, null, 2));
}

async function version(): Promise<string> {
  const { version } = z.object({ version: z.string() }).parse(await Bun.file(new URL("../package.json", import.meta.url)).json());
  return `gutters ${version}`;
}

async function run(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv);
  const [command, ...rest] = args.positionals;
  if (args.version) {
    console.log(await version());
    return;
  }
  if (command === undefined) {
    if (args.help) return console.log(OVERVIEW);
    throw new CliError(`no command given\n\n${OVERVIEW}`, 2);
  }
  if (command === "help") {
    const topic = rest[0];
    if (topic === undefined) return console.log(OVERVIEW);
    const help = commandHelp(topic, MODULE_NAMES);
    if (help === undefined) throw new CliError(unknownName("command", topic, COMMANDS), 2);
    return console.log(help);
  }
  const help = commandHelp(command, MODULE_NAMES);
  if (help === undefined) throw new CliError(`${unknownName("command", command, COMMANDS)}\nsee: bun run cli --help`, 2);
  if (args.help) return console.log(help);
  switch (command) {
    case "calc": {
      const [moduleName, path] = rest;
      if (moduleName === undefined) throw new CliError(`calc needs a module name\n\n${help}`, 2);
      // The name is checked before reading the input, so a mistyped module never waits on standard input.
      calculationModuleNamed(registry, moduleName);
      const input = await readSource(path);
      const config = args.config === undefined ? undefined : parseJsonInput((await readSource(args.config)).text, args.config);
      print(calcCommand(registry, moduleName, parseJsonInput(input.text, input.origin), config, new Date()), args);
      return;
    }
    case "config": {
      if (rest[0] !== "seed") throw new CliError(`${unknownName("config command", rest[0] ?? "", ["seed"])}\n\n${help}`, 2);
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
      const known = [...MODULE_NAMES.tracking, "upcoming"];
      if (target === undefined) throw new CliError(`track needs a module name or "upcoming"\n\n${help}`, 2);
      if (!known.includes(target)) throw new CliError(unknownName("tracking module", target, known), 2);
      const user = args.user === undefined ? undefined : parseJsonInput((await readSource(args.user)).text, args.user);
      const output = await trackCommand(
        registry,
        target,
        { ...(args.at !== undefined ? { at: args.at } : {}), ...(args.days !== undefined ? { days: args.days } : {}), ...(user !== undefined ? { user } : {}) },
        new Date(),
      );
      print(output, args);
      return;
    }
    case "observe": {
      const input = await readSource(rest[0]);
      const config = args.config === undefined ? undefined : parseJsonInput((await readSource(args.config)).text, args.config);
      print(observeCommand(parseJsonInput(input.text, input.origin), config, new Date()), args);
      return;
    }
    default:
      throw new CliError(`${unknownName("command", command, COMMANDS)}\nsee: bun run cli --help`, 2);
  }
}

try {
  await run(Bun.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
