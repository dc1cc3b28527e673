import { normalizeAlias } from "./alias/normalize.js";
import { mixedScripts } from "./alias/script.js";
import { ALIAS_MAX_CHARS } from "./limits.js";

export { normalizeAlias } from "./alias/normalize.js";
export { mixedScripts } from "./alias/script.js";
export { aliasKey, skeleton } from "./alias/skeleton.js";

/**
 * A combining mark with nothing to sit on: at the start or after a space or a symbol.
 * It draws over whatever is shown before the alias, or as a lone dotted circle.
 */
const STRAY_MARK = /(?:^|[^\p{L}\p{N}\p{M}])\p{M}/u;

/** Why an alias is not acceptable, or null when it is. */
export function aliasProblem(raw: string): string | null {
  const alias = normalizeAlias(raw);
  if (alias.length === 0) return "Choose an alias with at least one visible character.";
  if ([...alias].length > ALIAS_MAX_CHARS) return `Aliases are at most ${ALIAS_MAX_CHARS} characters.`;
  if (STRAY_MARK.test(alias)) return "An accent or mark in an alias must follow a letter.";
  const scripts = mixedScripts(alias);
  if (scripts) {
    return `Write an alias in one script: this one mixes ${scripts.join(" and ")}, which lets it look like someone else's.`;
  }
  return null;
}
