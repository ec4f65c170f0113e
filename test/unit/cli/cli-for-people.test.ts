import { describe, expect, test } from "bun:test";
import { parseCliArgs } from "../../../cli/args.ts";
import { CliError } from "../../../cli/commands.ts";
import { formatText } from "../../../cli/format-text.ts";
import { closest } from "../../../cli/suggest.ts";
import { trackCommand } from "../../../cli/track.ts";
import { registry } from "../../../modules/index.ts";

const ROOT = `${import.meta.dir}/../../..`;
const PAUL = JSON.stringify({ name: "Paul McCartney", date: "1942-06-18", latitude: 53.41, longitude: -2.98 });

/** Runs the CLI as `bun run cli …` does, in its own process, with `stdin` as standard input. */
async function cli(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(["bun", "run", "cli", ...args], { cwd: ROOT, stdin: new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("the CLI for people", () => {
  test("--version and help exit 0 on stdout", async () => {
    const version = await cli(["--version"]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^gutters \d+\.\d+\.\d+\n$/);
    const help = await cli(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("track <module>|upcoming");
  });

  test("each command has its own help, solar included", async () => {
    const track = await cli(["track", "--help"]);
    expect(track.code).toBe(0);
    expect(track.stdout).toContain("lunar|transits|solar");
    expect(track.stdout).not.toContain("config seed");
    const calc = await cli(["help", "calc"]);
    expect(calc.stdout).toStartWith("usage: bun run cli calc <module>");
  });

  test("a mistyped module or command exits 2 with a suggestion and no parser or runner text", async () => {
    const nosuch = await cli(["calc", "nosuch", "-"]);
    expect(nosuch).toEqual({ code: 2, stdout: "", stderr: 'unknown calculation module "nosuch"; did you mean one of: numerology, human_design, astrology?\n' });
    const lunr = await cli(["track", "lunr"]);
    expect(lunr.code).toBe(2);
    expect(lunr.stderr).toStartWith('unknown tracking module "lunr"; did you mean "lunar"?');
    // A name that is also an inherited property of every object is just another unknown command.
    expect((await cli(["constructor"])).code).toBe(2);
    const clac = await cli(["clac"]);
    expect(clac.code).toBe(2);
    expect(clac.stderr).toContain('did you mean "calc"?');
  });

  test("bad options exit 2 in the CLI's words", async () => {
    for (const [args, message] of [
      [["track", "upcoming", "--days", "-3"], "--days needs a value"],
      [["track", "upcoming", "--days=-3"], "--days must be a number above 0"],
      [["calc", "numerology", "--frmat", "text"], "unknown option --frmat; did you mean --format?"],
      [["calc", "numerology", "-", "--format", "yaml"], "--format must be json or text"],
    ] as const) {
      const result = await cli([...args], PAUL);
      expect(result.code).toBe(2);
      expect(result.stderr).toStartWith(message);
      expect(result.stderr).not.toContain("ERR_PARSE_ARGS");
    }
  });

  test("calc numerology - --format text prints a readable summary", async () => {
    const result = await cli(["calc", "numerology", "-", "--format", "text"], PAUL);
    expect(result.code).toBe(0);
    expect(result.stdout).toStartWith("numerology 1.0.0 (calculation): confidence 1, accuracy full\n\nInsights\n  • Life path 22");
    expect(result.stdout).toMatch(/\n {2}life_path: +22\n/);
    expect(() => JSON.parse(result.stdout)).toThrow();
  });
});

describe("formatText", () => {
  test("lists of records become tables, records of records too, with readable values", () => {
    const text = formatText({
      module: "astrology",
      layer: "calculation",
      version: "1.0.0",
      data: {
        house_system: "placidus",
        bodies: [
          { longitude: 353.50769, sign: "pisces", name: "sun", retrograde: false },
          { longitude: 151.2891, sign: "virgo", name: "uranus", retrograde: true },
        ],
        angles: { ascendant: { longitude: 101.647, sign: "cancer" } },
        instant_utc: "1879-03-14T10:50:02.976Z",
      },
      insights: ["Sun in Pisces"],
      metadata: { confidence: 1, accuracy: "full", calculated_at: "2026-01-01T00:00:00Z", config_version: 0, notes: ["a note"] },
    });
    expect(text).toContain("\nbodies\n  name    longitude  sign    retrograde\n  ------  ---------  ------  ----------\n  sun     353.51     pisces  no\n  uranus  151.29     virgo   yes\n");
    expect(text).toContain("\nangles\n  name       longitude  sign\n");
    expect(text).toContain("\nKey values\n  house_system: placidus\n  instant_utc:  1879-03-14 10:50Z\n");
    expect(text).toContain("\nNotes\n  - a note");
  });

  test("upcoming events become one table with the columns every event has", () => {
    const text = formatText({ events: [{ type: "lunar_phase", time: "2026-12-04T01:00:00Z", phase: "full_moon" }, { type: "ingress", time: "2026-12-05T08:14:41.551Z", body: "venus", sign: "scorpio" }] });
    expect(text.split("\n")[1]).toBe("type         time               body   phase      sign");
    expect(text).toContain("ingress      2026-12-05 08:14Z  venus  —          scorpio");
  });
});

test("closest: a few letters off or a prefix, never a far name", () => {
  expect(closest("lunr", ["lunar", "transits", "solar"])).toBe("lunar");
  expect(closest("human", ["numerology", "human_design", "astrology"])).toBe("human_design");
  expect(closest("astrologyy", ["numerology", "human_design", "astrology"])).toBe("astrology");
  expect(closest("nosuch", ["numerology", "human_design", "astrology"])).toBeUndefined();
});

describe("parseCliArgs", () => {
  test("reads options and positionals, json by default", () => {
    expect(parseCliArgs(["track", "upcoming", "--days", "3", "--format", "text"])).toEqual({ positionals: ["track", "upcoming"], days: "3", format: "text", help: false, version: false });
    expect(parseCliArgs(["-V"]).version).toBe(true);
    expect(parseCliArgs(["calc", "-h"]).help).toBe(true);
    expect(parseCliArgs(["calc"]).format).toBe("json");
  });

  test("turns every parser complaint into a usage error (exit 2) in the CLI's words", () => {
    for (const [args, message] of [
      [["--dyas", "3"], "unknown option --dyas; did you mean --days? (see --help)"],
      [["--bogus"], "unknown option --bogus (see --help)"],
      [["--at", "-1"], '--at needs a value (a value starting with "-" is written --at=-3)'],
      [["--format", "xml"], '--format must be json or text, not "xml"'],
    ] as const) {
      let thrown: unknown;
      try {
        parseCliArgs([...args]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CliError);
      expect((thrown as CliError).exitCode).toBe(2);
      expect((thrown as CliError).message).toBe(message);
    }
  });
});

test("track upcoming refuses a number of days that is not above 0 or is over 366, naming --days", async () => {
  for (const days of ["-3", "0", "367", "soon"]) {
    const error = await trackCommand(registry, "upcoming", { days }, new Date("2026-01-01T00:00:00Z")).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toBe("--days must be a number above 0 and at most 366");
  }
});

test("track: a snapshot for a user at an instant, upcoming events for a day, and --days only with upcoming", async () => {
  const at = "2026-11-24T15:00:00Z";
  const birth = { date: "1879-03-14", time: "11:30", timezone: "Europe/Berlin", latitude: 48.4011, longitude: 9.9876 };
  const lunar = (await trackCommand(registry, "lunar", { at, user: birth }, new Date(at))) as { module: string; data: { phase_name: string }; user?: { user_id: string } };
  expect(lunar.module).toBe("lunar");
  // 2026-11-24 15:00 UT is within hours of the full moon (the README's example instant).
  expect(lunar.data.phase_name).toBe("full_moon");
  expect(lunar.user?.user_id).toBe("cli");
  const upcoming = (await trackCommand(registry, "upcoming", { at, days: "1" }, new Date(at))) as { events: { time: string }[] };
  expect(upcoming.events.every((event) => event.time >= at)).toBe(true);
  const misuse = await trackCommand(registry, "lunar", { days: "3" }, new Date(at)).catch((thrown: unknown) => thrown);
  expect((misuse as CliError).message).toBe("--days applies to `track upcoming` only");
});

test("observe has its own help and a readable table of findings", async () => {
  const help = await cli(["observe", "--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toStartWith("usage: bun run cli observe [file|-]");
  const text = await cli(["observe", "test/fixtures/intelligence/observe-planted-kp-headache.json", "--format", "text"]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain("\nFindings\nid ");
  expect(text.stdout).toMatch(/\nplanted:solar_symptom:headache:lag_1d +planted +solar_symptom +headache/);
});
