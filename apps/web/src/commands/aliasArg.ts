import { ALIAS_RAW_MAX_CHARS, aliasKey, type Member } from "@sanctuary/protocol";

/** Opening and closing quotes accepted around an alias (phones type curly ones). */
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "“": "”", "„": "“" };

export interface AliasMatch {
  member: Member;
  /** What follows the alias, trimmed. */
  rest: string;
}

/**
 * Finds the member an argument starts with. A quoted alias (`"night owl" hi`) is taken
 * as written; otherwise the longest run of leading words that equals a member's alias
 * wins, compared the way the server compares aliases (`aliasKey`: normalised,
 * case-insensitive), so `night owl hi` reaches "Night Owl" even when "night" is also
 * a member. Returns null when no member matches.
 *
 * @example
 * matchAlias("night owl hello", members) // → { member: Night Owl, rest: "hello" }
 */
export function matchAlias(args: string, members: readonly Member[]): AliasMatch | null {
  const text = args.trimStart();
  const quoted = unquote(text);
  if (quoted) {
    const member = byKey(quoted.alias, members);
    if (member) return { member, rest: quoted.rest };
  }
  // Word ends, longest first; an alias is never longer than ALIAS_RAW_MAX_CHARS, so
  // a long message after it costs nothing.
  const ends: number[] = [];
  const limit = Math.min(text.length, ALIAS_RAW_MAX_CHARS + 1);
  for (let i = 1; i <= limit; i++) {
    if (i === text.length || (/\s/.test(text[i] ?? "") && !/\s/.test(text[i - 1] ?? ""))) ends.push(i);
  }
  for (const end of ends.reverse()) {
    const member = byKey(text.slice(0, end), members);
    if (member) return { member, rest: text.slice(end).trim() };
  }
  return null;
}

/** The first word (or the quoted part) of an argument, to name it in a hint. */
export function firstAliasWord(args: string): string {
  const text = args.trim();
  return unquote(text)?.alias ?? text.split(/\s+/)[0] ?? "";
}

/**
 * An alias as it should be typed after `/purr` or `/kick`: bare, unless another
 * member's alias begins with it and a following word, in which case quotes keep the
 * longest-prefix rule from picking the other member.
 */
export function aliasArg(alias: string, members: readonly Member[]): string {
  const key = `${aliasKey(alias)} `;
  const ambiguous = members.some((m) => aliasKey(m.alias).startsWith(key));
  return ambiguous && !alias.includes('"') ? `"${alias}"` : alias;
}

function unquote(text: string): { alias: string; rest: string } | null {
  const close = QUOTES[text[0] ?? ""];
  if (!close) return null;
  const end = text.indexOf(close, 1);
  if (end <= 1) return null;
  return { alias: text.slice(1, end), rest: text.slice(end + 1).trim() };
}

function byKey(raw: string, members: readonly Member[]): Member | undefined {
  const key = aliasKey(raw);
  if (key === "") return undefined;
  return members.find((m) => aliasKey(m.alias) === key);
}
