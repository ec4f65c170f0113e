import { parseArgs } from "node:util";
import { z } from "zod";
import { CliError } from "./commands.ts";
import { closest } from "./suggest.ts";

const OPTIONS = {
  config: { type: "string" },
  at: { type: "string" },
  days: { type: "string" },
  user: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

export const FormatSchema = z.enum(["json", "text"]);

export interface CliArgs {
  positionals: string[];
  config?: string;
  at?: string;
  days?: string;
  user?: string;
  format: z.infer<typeof FormatSchema>;
  help: boolean;
  version: boolean;
}

/** The option a parser error is about (`'--days'` or `'-x'` in its message). */
const optionIn = (message: string): string => /'(--?[\w-]+)/.exec(message)?.[1] ?? "an option";

/**
 * The command line as options and positionals. What the parser rejects becomes a usage error (exit 2) in
 * the CLI's own words, with the option meant when one is close, instead of the parser's text.
 */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = optionIn(message);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const guess = closest(option.replace(/^-+/, ""), Object.keys(OPTIONS));
      throw new CliError(`unknown option ${option}${guess !== undefined ? `; did you mean --${guess}?` : ""} (see --help)`, 2);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new CliError(`${option} needs a value (a value starting with "-" is written ${option}=-3)`, 2);
    }
    throw new CliError(`cannot read the command line: ${message.split("\n")[0] ?? message}`, 2);
  }
  const { values, positionals } = parsed;
  const format = FormatSchema.safeParse(values.format ?? "json");
  if (!format.success) throw new CliError(`--format must be json or text, not "${values.format}"`, 2);
  return {
    positionals,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.at !== undefined ? { at: values.at } : {}),
    ...(values.days !== undefined ? { days: values.days } : {}),
    ...(values.user !== undefined ? { user: values.user } : {}),
    format: format.data,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
