/**
 * Help texts: one overview and one per command, printed by `--help`, `help <command>` and usage errors.
 * `{calculation}` and `{tracking}` stand for the registered modules, filled in by {@link commandHelp}.
 */
const COMMAND_HELP: Record<string, string> = {
  calc: `usage: bun run cli calc <module> [file|-] [--config file] [--format json|text]

Prints a calculation module's output ({calculation}) for birth data read as JSON from
a file or standard input (-). Nothing is stored and no service is needed.

  --config file     a module config object instead of the defaults
  --format text     a readable summary instead of JSON

example: echo '{"name":"Paul McCartney","date":"1942-06-18","latitude":53.41,"longitude":-2.98}' | bun run cli calc numerology - --format text`,
  track: `usage: bun run cli track <{tracking}> [--at ISO] [--user file] [--format json|text]
       bun run cli track upcoming [--at ISO] [--days N] [--user file] [--format json|text]

A tracking snapshot for an instant (default now), or the upcoming phases, ingresses, stations,
void-of-course periods and, with a user, exact transits to their natal chart. solar fetches NOAA SWPC now
(feeds that fail are reported missing or stale) and has no --at.

  --at ISO          the instant, e.g. 2026-11-24T15:00:00Z
  --days N          days ahead for upcoming (default 7, at most 366)
  --user file       birth data of the person (JSON file or -)
  --format text     a readable summary instead of JSON`,
  observe: `usage: bun run cli observe [file|-] [--config file] [--format json|text]

Looks for patterns in a journal against the sky and space weather: reads {journal: [...], history: {solar:
[...], lunar: [...]}} as JSON from a file or standard input (-) and prints {findings: [...]}, each with its
statistic, effect, p-value and evidence.

  --config file     an observer config object instead of the defaults
  --format text     a readable table instead of JSON`,
  config: `usage: bun run cli config seed

Writes every module's default config (and the node limits row) to system_configurations, keeping rows that
exist. Needs MONGODB_URI.`,
  help: `usage: bun run cli help [command]

Prints the overview, or one command's help.`,
};

export const OVERVIEW = `usage: bun run cli <command> [options]

commands:
  calc <module> [file|-]        a calculation module's output for birth data
  track <module>|upcoming       a tracking snapshot, or upcoming sky events
  observe [file|-]              patterns in a journal against the sky and space weather
  config seed                   write every module's defaults to MongoDB
  help [command]                this text, or a command's help

options:
  --format json|text            output for programs (default) or for people
  -h, --help                    help (after a command: that command's help)
  -V, --version                 the version

exit status: 0 done, 2 bad input or usage, 1 failure`;

export const COMMANDS = Object.keys(COMMAND_HELP);

/** A command's help with the module names of this build, or undefined for an unknown command. */
export function commandHelp(command: string, modules: { calculation: string[]; tracking: string[] }): string | undefined {
  if (!Object.hasOwn(COMMAND_HELP, command)) return undefined;
  return COMMAND_HELP[command]?.replace("{calculation}", modules.calculation.join(", ")).replace("{tracking}", modules.tracking.join("|"));
}
