import { ALIAS_MAX_CHARS } from "./limits.js";

/**
 * Characters that change how text looks or reads without being visible themselves:
 * format controls (zero-width joiners, bidi overrides and isolates, BOM), other
 * controls, unassigned/private code points, and the Hangul and Braille fillers that
 * render as blanks. Removing them stops "alice" and "al\u200Bice" being two people.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800\u180E]/gu;

/**
 * The canonical form of an alias: NFKC (so full-width and ligature forms fold to
 * plain ones), invisible and bidi-control characters removed, whitespace runs
 * collapsed to one space and trimmed. Returns "" when nothing visible is left.
 */
export function normalizeAlias(raw: string): string {
  return raw.normalize("NFKC").replace(/\s+/gu, " ").replace(INVISIBLE, "").replace(/ {2,}/g, " ").trim();
}

/** The key two aliases are compared by: unique per room, case-insensitively. */
export function aliasKey(alias: string): string {
  return normalizeAlias(alias).toLowerCase().normalize("NFKC");
}

/** Why an alias is not acceptable, or null when it is. */
export function aliasProblem(raw: string): string | null {
  const alias = normalizeAlias(raw);
  if (alias.length === 0) return "Choose an alias with at least one visible character.";
  if ([...alias].length > ALIAS_MAX_CHARS) return `Aliases are at most ${ALIAS_MAX_CHARS} characters.`;
  return null;
}
