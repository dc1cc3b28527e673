import { isIP } from "node:net";
import { resolve } from "node:path";
import type { OptionName } from "./optionTable.js";
import type { OptionRow } from "./rows.js";

/**
 * Validation for every kind of row, shared by the command line (text from a flag or a
 * variable) and `createServer` (typed values): both end in `checkValue`, so a value is
 * refused in both places with the same message.
 */

/** A value that cannot be used; `main` prints the message on one line. */
export class OptionsError extends Error {
  /** The option's table name (e.g. `heartbeatMs`), when one option is at fault. */
  readonly option: OptionName | undefined;

  constructor(message: string, option?: OptionName) {
    super(message);
    this.name = "OptionsError";
    this.option = option;
  }
}

/** What commander or the environment gives: text, a bare switch, or repeated values. */
export type RawValue = string | boolean | string[];

/** How a message names an option: its flag and variable, or the field for `createServer`-only ones. */
export function optionLabel(name: OptionName, row: OptionRow): string {
  return row.flag === undefined ? name : `${row.flag} (or ${row.env})`;
}

const TRUE_WORDS = ["1", "true", "yes", "on"];
const FALSE_WORDS = ["", "0", "false", "no", "off"];

/**
 * Reads a flag's or variable's text as the row's kind and checks it. `undefined` means
 * "as if not given" (an empty file or secret).
 */
export function fromText(name: OptionName, row: OptionRow, raw: RawValue): unknown {
  switch (row.kind) {
    case "integer": {
      const text = String(raw).trim();
      return checkValue(name, row, /^\d+$/.test(text) ? Number(text) : Number.NaN);
    }
    case "boolean": {
      const text = String(raw).trim().toLowerCase();
      const value = TRUE_WORDS.includes(text) ? true : FALSE_WORDS.includes(text) ? false : raw;
      return checkValue(name, row, value);
    }
    case "origins":
    case "hosts": {
      const items = typeof raw === "boolean" ? [] : Array.isArray(raw) ? raw : [raw];
      return checkValue(name, row, items.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean));
    }
    case "file":
    case "secret":
      return raw === "" ? undefined : checkValue(name, row, raw);
    default:
      return checkValue(name, row, raw);
  }
}

/**
 * Checks a typed value against its row and returns it normalised (absolute paths,
 * bare IPv6 hosts, lowercase origins). Throws `OptionsError` naming the option and what
 * it allows.
 */
export function checkValue(name: OptionName, row: OptionRow, value: unknown): unknown {
  const label = optionLabel(name, row);
  const flag = row.flag ?? name;
  const refuse = (message: string): never => {
    throw new OptionsError(message, name);
  };
  switch (row.kind) {
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < row.min || value > row.max) {
        refuse(`${label} must be a whole number from ${row.min} to ${row.max}`);
      }
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : refuse(`${label} must be true or false`);
    case "host":
      return (
        hostName(String(value)) ?? refuse(`${flag} "${String(value)}" is not an IP address or host name`)
      );
    case "dir":
    case "file":
      if (typeof value !== "string" || value.length === 0) {
        refuse(`${flag} needs a ${row.kind === "dir" ? "directory" : "file"}`);
      }
      return resolve(value as string);
    case "secret":
      return typeof value === "string" ? value : refuse(`${label} must be text`);
    case "url":
      return (
        urlWith(String(value), row.protocols) ??
        refuse(`${label} must be a ${row.protocols.map((p) => `${p}//`).join(" or ")} URL`)
      );
    case "origins":
      if (!Array.isArray(value)) return refuse(`${label} must be a list of origins`);
      return value.map(
        (item) =>
          webOrigin(String(item)) ??
          refuse(`${flag} "${item}" is not an origin like https://chat.example.org`),
      );
    case "hosts":
      if (!Array.isArray(value)) return refuse(`${label} must be a list of host names`);
      return value.map(
        (item) =>
          hostName(String(item))?.toLowerCase() ??
          refuse(`${flag} "${item}" is not a host name like chat.example.org`),
      );
  }
}

/** The bare address or host name `listen()` wants, or `undefined` when it is neither. */
function hostName(value: string): string | undefined {
  // Brackets are how people write IPv6 in URLs; listen() wants the bare address.
  const host = value.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) !== 0) return host;
  const dnsName =
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
  return dnsName.test(host) ? host : undefined;
}

/** The URL's text when it parses, has a host and one of `protocols`. */
function urlWith(value: string, protocols: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return protocols.includes(url.protocol) && url.hostname !== "" ? url.href : undefined;
}

/** An origin as browsers send it (`scheme://host[:port]`, lowercase, no path), or `undefined`. */
function webOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const plain = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "";
  return (url.protocol === "http:" || url.protocol === "https:") && plain ? url.origin : undefined;
}
