/**
 * The shape of one row of the option table (optionTable.ts): every fact about an
 * option, from which the command line, the environment lookup, validation, `--help`,
 * the option types and the defaults are all derived.
 */

/** Names an option has outside the code; options only `createServer` takes have none. */
interface Names {
  /** Long flag, e.g. `--max-members`. */
  flag?: `--${string}`;
  /** Short flag, e.g. `-4`. */
  short?: `-${string}`;
  /** The environment variable read when the flag is absent. */
  env?: `SANCTUARY_${string}`;
}

interface Common extends Names {
  /**
   * `server`: a `ServerOptions` field, taken by `createServer` too. `cli`: read only by
   * `main` (where to listen, TLS files, Redis, the banner).
   */
  target: "server" | "cli";
  /** What the option does, for `--help` (the default and variable are appended). */
  help: string;
  /** How `--help` shows the default when the value itself would not say it well. */
  defaultHelp?: string;
}

/** A whole number from `min` to `max`; `unit` names the flag's argument (`<ms>`, `<s>`...). */
export interface IntegerRow extends Common {
  kind: "integer";
  unit: "ms" | "s" | "n" | "port" | "MiB";
  min: number;
  max: number;
  default?: number;
}

/** A switch: the flag alone, or a variable such as `1`/`true`/`yes`/`on` (`0`/`false`/`no`/`off`/empty). */
export interface BooleanRow extends Common {
  kind: "boolean";
  /** Off unless given; `--help` does not repeat it. */
  default: false;
}

/** An IP address (brackets allowed) or a DNS host name. */
export interface HostRow extends Common {
  kind: "host";
  default?: string;
}

/** A directory, made absolute; an empty value is refused. */
export interface DirRow extends Common {
  kind: "dir";
  default?: string;
}

/** A file, made absolute; an empty value counts as not given. */
export interface FileRow extends Common {
  kind: "file";
}

/** A URL with one of `protocols` (e.g. `redis:`) and a host. */
export interface UrlRow extends Common {
  kind: "url";
  protocols: readonly `${string}:`[];
}

/** A shared secret of at least `minChars` characters; an empty value counts as not given. */
export interface SecretRow extends Common {
  kind: "secret";
  minChars: number;
}

/** Web origins (`scheme://host[:port]`): repeated flag values, or a comma-separated variable. */
export interface OriginsRow extends Common {
  kind: "origins";
  default?: readonly string[];
}

/** Host names (DNS names or IP literals): repeated flag values, or a comma-separated variable. */
export interface HostsRow extends Common {
  kind: "hosts";
  default?: readonly string[];
}

export type OptionRow =
  | IntegerRow
  | BooleanRow
  | HostRow
  | DirRow
  | FileRow
  | UrlRow
  | SecretRow
  | OriginsRow
  | HostsRow;

/** The value type a row's kind produces. */
export type ValueOf<R extends OptionRow> = R extends IntegerRow
  ? number
  : R extends BooleanRow
    ? boolean
    : R extends OriginsRow | HostsRow
      ? readonly string[]
      : string;

/** The flag's argument as shown in `--help`, e.g. `<ms>`; switches take none. */
export function argumentOf(row: OptionRow): string {
  switch (row.kind) {
    case "integer":
      return `<${row.unit}>`;
    case "boolean":
      return "";
    case "host":
      return "<host>";
    case "dir":
      return "<dir>";
    case "file":
      return "<file>";
    case "url":
      return "<url>";
    case "secret":
      return "<secret>";
    case "origins":
      return "<origin...>";
    case "hosts":
      return "<host...>";
  }
}
