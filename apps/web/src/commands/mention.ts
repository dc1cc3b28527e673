import type { Member } from "@sanctuary/protocol";
import type { Suggestion } from "./suggest";

const MAX_MENTIONS = 8;

/**
 * The `@` being typed at the caret (F39): where it starts and what follows it. Only an
 * `@` at the start or after a space counts, so an e-mail address is not a mention.
 */
export function mentionAt(draft: string, caret: number): { start: number; query: string } | null {
  const before = draft.slice(0, caret);
  const match = /(?:^|\s)@([^\s@]{0,32})$/.exec(before);
  if (!match) return null;
  const query = match[1] ?? "";
  return { start: caret - query.length - 1, query };
}

/**
 * Present members whose alias starts with what follows the `@` (case-insensitive),
 * yourself left out. Taking one writes `@Alias ` in place of the typed part.
 *
 * @example
 * mentionSuggestions("hi @ca", 6, members, youId) // → [carol] completing "hi @carol "
 */
export function mentionSuggestions(
  draft: string,
  caret: number,
  members: readonly Member[],
  youId: string,
): Suggestion[] {
  if (draft.startsWith("/")) return [];
  const at = mentionAt(draft, caret);
  if (!at) return [];
  const typed = fold(at.query);
  return members
    .filter((m) => m.id !== youId && fold(m.alias).startsWith(typed))
    .slice(0, MAX_MENTIONS)
    .map((m) => {
      const inserted = `@${m.alias} `;
      return {
        key: `mention-${m.id}`,
        label: `@${m.alias}`,
        detail: "mention",
        completion: draft.slice(0, at.start) + inserted + draft.slice(caret),
        caret: at.start + inserted.length,
      };
    });
}

/**
 * Whether `text` mentions `alias`: `@alias`, compared without case and Unicode width
 * differences, not followed by more of a name (so `@ann` is not `@anna`).
 */
export function mentions(text: string, alias: string): boolean {
  if (alias === "") return false;
  const hay = fold(text);
  const needle = `@${fold(alias)}`;
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const next = hay[at + needle.length];
    const prev = at === 0 ? undefined : hay[at - 1];
    const startOk = prev === undefined || !/[\p{L}\p{N}_]/u.test(prev);
    if (startOk && (next === undefined || !/[\p{L}\p{N}_-]/u.test(next))) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

function fold(s: string): string {
  return s.normalize("NFKC").toLocaleLowerCase();
}
