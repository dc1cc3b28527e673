import { replaceConfusables } from "#confusables";
import { normalizeAlias } from "./normalize.js";

/**
 * The confusable skeleton of Unicode TS #39 (section 4): NFD, every character replaced
 * by the prototype it is confusable with (the Unicode confusables.txt mapping, as
 * shipped by the `unhomoglyph` package), NFD again. Two strings that look alike have
 * the same skeleton: "аlice" (Cyrillic а) and "alice", "rn" and "m", "0" and "O".
 * A skeleton is for comparing only, never for showing.
 */
export function skeleton(text: string): string {
  return replaceConfusables(text.normalize("NFD")).normalize("NFD");
}

/** Enough rounds for case and confusable folding to settle (see `aliasKey`). */
const KEY_ROUNDS = 4;

/** Cherokee letters, which Unicode case folding folds to capitals (CaseFolding.txt). */
const CHEROKEE_SMALL = /[\u13F8-\u13FD\uAB70-\uABBF]/gu;

/**
 * Case folding as Unicode defines it for comparing, close enough for keys: lowercase,
 * except Cherokee, whose capitals are the letters that look like Latin ones ("Ꭺ").
 */
function caseFold(text: string): string {
  return text.toLowerCase().replace(CHEROKEE_SMALL, (c) => c.toUpperCase());
}

/**
 * The key two aliases are compared by, unique per room: the normalised alias
 * case-folded and reduced to its skeleton, repeated until nothing changes, since each
 * fold can expose the other ("M" folds to "m", whose skeleton is "rn"; the skeleton of
 * "0" is "O", which folds to "o"). So a look-alike of a member's alias, in any case,
 * has that member's key. The key is for comparing only, never for showing.
 */
export function aliasKey(alias: string): string {
  let key = caseFold(normalizeAlias(alias));
  for (let round = 0; round < KEY_ROUNDS; round++) {
    const next = caseFold(skeleton(key));
    if (next === key) break;
    key = next;
  }
  return key;
}
