import { isIP } from "node:net";
import { packageVersion } from "../version.js";
import { withCommander } from "./commanderOnce.js";
import { envValues } from "./env.js";
import { OPTION_ROWS, OPTIONS, type OptionName, type OptionValue } from "./optionTable.js";
import type { ServerOptions } from "./resolve.js";
import { argumentOf, type OptionRow } from "./rows.js";
import { fromText, OptionsError, optionLabel, type RawValue } from "./values.js";

/**
 * The `sanctuary` command line: the commander program and `--help` are built from the
 * option table, a flag wins over its `SANCTUARY_*` variable, and every value is checked
 * by its row, so the rest of the server can trust what it is given. The few rules that
 * tie options together (-4/-6 and --host, the TLS pair, Redis and its key) are here.
 */

/** Everything `main` needs to run. */
export interface CliOptions {
  host: string;
  port: number;
  ipv6Only: boolean;
  /** Print only the first URL instead of the whole banner. */
  quiet: boolean;
  /** The cap on V8's young generation in MiB (youngGeneration.ts); 0 for V8's own. */
  youngGeneration: number;
  /** Certificate and key files for HTTPS/WSS; `main` reads them once at startup. */
  tls?: { certFile: string; keyFile: string };
  /** Scale-out (F19): the Redis every node shares, and the secret every node shares. */
  redis?: { url: string; secret: string };
  server: ServerOptions;
}

export type ParseOutcome = { kind: "run"; options: CliOptions } | { kind: "exit"; code: number };

/** Exit code for a usage error (as in most Unix tools). */
export const USAGE_EXIT_CODE = 2;

export interface OptionsOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/** The options given on the command line or in the environment, checked. */
type Given = { [K in OptionName]?: OptionValue<K> };

/**
 * Parses `argv` (without the node and script entries) and `env`. Help and version are
 * printed through `output` and come back as `{kind: "exit", code: 0}`; an unknown flag
 * as exit code 2 after commander's one-line message. A bad value throws `OptionsError`.
 *
 * @example
 * const outcome = parseOptions(process.argv.slice(2), process.env);
 */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  output: OptionsOutput = {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  },
): ParseOutcome {
  const flags = withCommander(({ Command, CommanderError, Option }) => {
    const program = new Command()
      .name("sanctuary")
      .description("Self-hosted, end-to-end encrypted, ephemeral chatrooms. Nothing is logged or stored.")
      .version(packageVersion(), "-v, --version", "print the version and exit")
      .helpOption("-h, --help", "show this help and exit");
    const attributes = new Map<OptionName, string>();
    for (const [name, row] of OPTION_ROWS) {
      if (row.flag === undefined) continue;
      const option = new Option(flagsOf(row), helpText(row));
      program.addOption(option);
      attributes.set(name, option.attributeName());
    }
    program
      .allowExcessArguments(false)
      .exitOverride()
      .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr });

    try {
      program.parse([...argv], { from: "user" });
    } catch (err) {
      if (err instanceof CommanderError) {
        const done = err.code === "commander.helpDisplayed" || err.code === "commander.version";
        return { kind: "exit", code: done ? 0 : USAGE_EXIT_CODE } as const;
      }
      throw err;
    }
    // Plain values only leave: nothing of commander's may outlive this call.
    const values = new Map<OptionName, RawValue>();
    for (const [name, attribute] of attributes) {
      const value = program.getOptionValue(attribute) as RawValue | undefined;
      if (value !== undefined) values.set(name, value);
    }
    return { kind: "flags", values } as const;
  });
  if (flags.kind === "exit") return flags;

  const fromEnv = envValues(env);
  const given: Record<string, unknown> = {};
  for (const [name, row] of OPTION_ROWS) {
    const raw = flags.values.get(name) ?? fromEnv[name];
    const value = raw === undefined ? undefined : fromText(name, row, raw);
    if (value !== undefined) given[name] = value;
  }
  return { kind: "run", options: toCliOptions(given as Given) };
}

/** Commander's flag spec for a row, e.g. `-4, --ipv4` or `--port <port>`. */
function flagsOf(row: OptionRow): string {
  const long = `${row.flag} ${argumentOf(row)}`.trim();
  return row.short === undefined ? long : `${row.short}, ${long}`;
}

/** The row's `--help` line: what it does, its default, and its variable. */
function helpText(row: OptionRow): string {
  const shown = row.defaultHelp ?? shownDefault(row);
  const byDefault = shown === undefined ? "" : ` (default ${shown})`;
  const variable = row.kind === "origins" || row.kind === "hosts" ? `${row.env}, comma-separated` : row.env;
  return `${row.help}${byDefault} [${variable}]`;
}

/** A number's default (said once when it is also the maximum); switches and lists are empty by default. */
function shownDefault(row: OptionRow): string | undefined {
  if (row.kind !== "integer" || row.default === undefined) return undefined;
  return row.default === row.max ? `and max ${row.default}` : String(row.default);
}

function toCliOptions(given: Given): CliOptions {
  const ipv4 = given.ipv4 ?? OPTIONS.ipv4.default;
  const ipv6 = given.ipv6 ?? OPTIONS.ipv6.default;
  if (ipv4 && ipv6) throw new OptionsError("choose -4 (IPv4 only) or -6 (IPv6 only), not both");
  const host = given.host ?? (ipv4 ? "0.0.0.0" : OPTIONS.host.default);
  if (ipv4 && isIP(host) === 6) throw new OptionsError(`--host ${host} is IPv6 but -4 asks for IPv4 only`);
  if (ipv6 && isIP(host) === 4) throw new OptionsError(`--host ${host} is IPv4 but -6 asks for IPv6 only`);

  const server: Record<string, unknown> = {};
  for (const [name, row] of OPTION_ROWS) {
    if (row.target === "server" && given[name] !== undefined) server[name] = given[name];
  }
  const options: CliOptions = {
    host,
    port: given.port ?? OPTIONS.port.default,
    ipv6Only: ipv6,
    quiet: given.quiet ?? OPTIONS.quiet.default,
    youngGeneration: given.youngGeneration ?? OPTIONS.youngGeneration.default,
    server: server as ServerOptions,
  };
  const tls = tlsFiles(given.tlsCert, given.tlsKey);
  if (tls) options.tls = tls;
  const redis = redisOf(given.redis, given.redisKey);
  if (redis) options.redis = redis;
  return options;
}

/** Both files or neither; they are read (and checked as a pair) by `main` at startup. */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): CliOptions["tls"] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new OptionsError(
      `${OPTIONS.tlsCert.flag} and ${OPTIONS.tlsKey.flag} go together: give both files, or neither`,
    );
  }
  return { certFile, keyFile };
}

/** `--redis` needs, with it, the shared `--redis-key`; the key alone is a mistake. */
function redisOf(url: string | undefined, secret: string | undefined): CliOptions["redis"] {
  const { redis, redisKey } = OPTIONS;
  if (url === undefined) {
    if (secret === undefined) return undefined;
    throw new OptionsError(
      `${optionLabel("redisKey", redisKey)} is only used with ${redis.flag}`,
      "redisKey",
    );
  }
  if (secret === undefined || [...secret].length < redisKey.minChars) {
    throw new OptionsError(
      `${redis.flag} needs ${redisKey.env} (or ${redisKey.flag}): a secret of at least ${redisKey.minChars} characters shared by every node, e.g. from \`openssl rand -base64 32\``,
      "redisKey",
    );
  }
  return { url, secret };
}
