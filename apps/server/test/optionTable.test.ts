import { describe, expect, it } from "vitest";
import { type CliOptions, parseOptions } from "../src/config/cli.js";
import { OPTION_ROWS, OPTIONS, type OptionName } from "../src/config/optionTable.js";
import type { OptionRow } from "../src/config/rows.js";
import { OptionsError } from "../src/config/values.js";
import { createServer, type ServerOptions } from "../src/index.js";

/**
 * Every row of the option table, through both doors: the `sanctuary` command line (flag
 * or variable) and `createServer`. Each must show up in `--help`, read the same from its
 * flag and its variable, and be refused or accepted alike by the CLI and `createServer`.
 */

const REDIS_KEY = "k".repeat(OPTIONS.redisKey.minChars);

/** Options that only make sense with a partner, given through the environment. */
const PARTNERS: Partial<Record<OptionName, Record<string, string>>> = {
  tlsCert: { SANCTUARY_TLS_KEY: "/srv/tls/key.pem" },
  tlsKey: { SANCTUARY_TLS_CERT: "/srv/tls/cert.pem" },
  redis: { SANCTUARY_REDIS_KEY: REDIS_KEY },
  redisKey: { SANCTUARY_REDIS: "redis://127.0.0.1:6379" },
};

/** Good text for a flag or variable of each kind, besides the integer bounds. */
const SAMPLES: Record<Exclude<OptionRow["kind"], "integer" | "boolean">, string> = {
  host: "127.0.0.1",
  dir: "/srv/web",
  file: "/srv/tls/file.pem",
  url: "rediss://cache.example:6380/0",
  secret: REDIS_KEY,
  origins: "https://chat.example.org",
  hosts: "chat.example.org",
};

function outcome(argv: string[], env: Record<string, string> = {}) {
  return parseOptions(argv, env, { writeOut: () => {}, writeErr: () => {} });
}

function cli(argv: string[], env: Record<string, string> = {}): CliOptions {
  const parsed = outcome(argv, env);
  if (parsed.kind !== "run") throw new Error(`expected run for ${argv.join(" ")}`);
  return parsed.options;
}

/** The message `sanctuary` refuses `argv` with (undefined when it accepts it). */
function cliRefusal(argv: string[], env: Record<string, string> = {}): string | undefined {
  try {
    cli(argv, env);
    return undefined;
  } catch (err) {
    expect(err, argv.join(" ")).toBeInstanceOf(OptionsError);
    return (err as Error).message;
  }
}

/** The message `createServer` refuses `options` with (undefined when it accepts them). */
async function serverRefusal(options: ServerOptions): Promise<string | undefined> {
  let server: ReturnType<typeof createServer>;
  try {
    server = createServer({ webRoot: null, ...options });
  } catch (err) {
    expect(err, JSON.stringify(options)).toBeInstanceOf(OptionsError);
    return (err as Error).message;
  }
  await server.close();
  return undefined;
}

function helpText(): string {
  let out = "";
  const parsed = parseOptions(["--help"], {}, { writeOut: (s) => (out += s), writeErr: () => {} });
  expect(parsed).toEqual({ kind: "exit", code: 0 });
  return out.replace(/\s+/g, " ");
}

const withFlags = OPTION_ROWS.filter(([, row]) => row.flag !== undefined);
const integers = OPTION_ROWS.filter(
  (entry): entry is [OptionName, Extract<OptionRow, { kind: "integer" }>] => entry[1].kind === "integer",
);

describe("the option table", () => {
  const help = helpText();

  it.each(withFlags)("%s: its flag is in --help with its variable and default", (_name, row) => {
    const spec = `${row.short ? `${row.short}, ` : ""}${row.flag}${row.kind === "boolean" ? "" : " <"}`;
    const start = help.indexOf(spec);
    expect(start, spec).toBeGreaterThanOrEqual(0);
    const entry = help.slice(start, help.indexOf("]", start) + 1);
    expect(entry).toContain(row.help);
    expect(entry).toMatch(new RegExp(`\\[${row.env}[,\\]]`));
    const shown =
      row.defaultHelp ??
      (row.kind === "integer" && row.default !== undefined
        ? `${row.default === row.max ? "and max " : ""}${row.default}`
        : undefined);
    if (shown !== undefined) expect(entry).toContain(`(default ${shown})`);
  });

  it.each(withFlags)("%s: the flag and the variable give the same options", (name, row) => {
    const partner = PARTNERS[name] ?? {};
    const texts =
      row.kind === "integer"
        ? [row.min, row.max, Math.floor((row.min + row.max) / 2)].map(String)
        : row.kind === "boolean"
          ? ["true"]
          : [SAMPLES[row.kind]];
    const env = row.env as string;
    for (const text of texts) {
      const viaEnv = cli([], { ...partner, [env]: text });
      const viaFlag = cli(
        row.kind === "boolean" ? [row.flag as string] : [row.flag as string, text],
        partner,
      );
      expect(viaFlag, `${row.flag} ${text}`).toEqual(viaEnv);
    }
    // ...and it changes something, so the comparison above is not of two defaults (a
    // partner alone is refused, so there is nothing to compare with).
    if (PARTNERS[name] === undefined) {
      const changed = texts.some((text) => !isEqual(cli([], { [env]: text }), cli([])));
      expect(changed, String(row.flag)).toBe(true);
    } else {
      expect(cliRefusal([], partner)).toBeDefined();
    }
  });

  it.each(integers)(
    "%s: the CLI and createServer accept the bounds and refuse just past them",
    async (name, row) => {
      for (const value of [row.min - 1, row.max + 1, row.min, row.max]) {
        const inRange = value >= row.min && value <= row.max;
        const viaCli = row.flag === undefined ? undefined : cliRefusal([row.flag, String(value)]);
        const viaServer = row.target === "server" ? await serverRefusal({ [name]: value }) : undefined;
        if (inRange) {
          expect(viaCli, `${name} ${value}`).toBeUndefined();
          expect(viaServer, `${name} ${value}`).toBeUndefined();
          if (row.flag && row.target === "server") {
            expect(cli([row.flag, String(value)]).server).toEqual({ [name]: value });
          }
          continue;
        }
        const message = viaCli ?? viaServer;
        expect(message, `${name} ${value}`).toBe(
          `${row.flag ? `${row.flag} (or ${row.env})` : name} must be a whole number from ${row.min} to ${row.max}`,
        );
        if (row.flag) expect(viaCli).toBe(message);
        if (row.target === "server") expect(viaServer).toBe(message);
      }
      if (row.target === "server") expect(await serverRefusal({ [name]: row.min + 0.5 })).toBeDefined();
    },
  );

  it("refuses other bad values alike through the CLI and createServer", async () => {
    const cases: [OptionName, string, unknown][] = [
      ["trustProxy", "maybe", "maybe"],
      ["webRoot", "", ""],
      ["allowedOrigins", "https://chat.example.org/path", ["https://chat.example.org/path"]],
      ["allowedOrigins", "ftp://files.example", ["ftp://files.example"]],
      ["allowedHosts", "https://chat.example.org", ["https://chat.example.org"]],
      ["allowedHosts", "chat.example.org:443", ["chat.example.org:443"]],
    ];
    for (const [name, text, value] of cases) {
      const env = (OPTIONS[name] as OptionRow).env as string;
      const viaCli = cliRefusal([], { [env]: text });
      expect(viaCli, `${env}=${text}`).toBeDefined();
      expect(await serverRefusal({ [name]: value } as ServerOptions)).toBe(viaCli);
    }
  });

  it("fills in every default from the table, so a server started with nothing runs on the rows' values", async () => {
    const { resolveServerOptions } = await import("../src/config/resolve.js");
    const resolved = resolveServerOptions({});
    for (const [name, row] of OPTION_ROWS) {
      if (row.target !== "server") continue;
      expect(resolved[name as keyof typeof resolved], name).toEqual(
        "default" in row ? row.default : undefined,
      );
    }
    expect(cli([])).toEqual({
      host: OPTIONS.host.default,
      port: OPTIONS.port.default,
      ipv6Only: false,
      quiet: false,
      youngGeneration: OPTIONS.youngGeneration.default,
      server: {},
    });
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
