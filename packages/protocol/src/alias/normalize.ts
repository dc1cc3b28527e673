/**
 * Characters that change how text looks or reads without being visible themselves:
 * every default-ignorable code point (zero-width joiners, bidi controls, the
 * combining grapheme joiner U+034F, variation selectors U+FE00–FE0F and
 * U+E0100–E01EF, Mongolian free variation selectors U+180B–180F, the Khmer inherent
 * vowels U+17B4–17B5, Hangul fillers…), other format and control characters,
 * unassigned and private code points, and the Braille blank, which renders as a space
 * but is a letter. Removing them stops "alice" and "al\u200Bice" being two people.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Cs}\u2800]/gu;

/**
 * Combining marks made for symbols and notation, not for writing names: Combining
 * Diacritical Marks for Symbols (U+20D0–20FF), Combining Half Marks (U+FE20–FE2F),
 * Znamenny musical notation (U+1CF00–1CFCF) and the musical symbols' combining marks
 * (U+1D165–1D1AD). No language spells a name with them, and fonts without a glyph for
 * them draw nothing, so "alice\u20D0" would show as "alice"; they are removed like the
 * invisibles above.
 */
const SYMBOL_MARK = /(?=\p{M})[\u20D0-\u20FF\uFE20-\uFE2F\u{1CF00}-\u{1CFCF}\u{1D165}-\u{1D1AD}]/gu;

/**
 * The canonical form of an alias: NFKC (so full-width and ligature forms fold to
 * plain ones), invisible characters and symbol-only combining marks removed (then NFKC
 * again, since a removed mark may have kept an accent from composing), whitespace runs
 * collapsed to one space and trimmed. Returns "" when nothing visible is left.
 * Idempotent, which the wire relies on (`aliasSchema`).
 */
export function normalizeAlias(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/\s+/gu, " ")
    .replace(INVISIBLE, "")
    .replace(SYMBOL_MARK, "")
    .normalize("NFKC")
    .replace(/ {2,}/g, " ")
    .trim();
}
