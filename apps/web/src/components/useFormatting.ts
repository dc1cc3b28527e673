import { type RefObject, useLayoutEffect, useRef, useState } from "react";
import { continueList, insertLink, type TextState } from "../formatting/editing";
import type { FormatName, Selection } from "../formatting/formats";
import { selectComposerActions, useAppStore } from "../store";

/**
 * The message box's editing (F38): `format` applies a toolbar format or shortcut and
 * re-selects once the new draft has rendered; "link" opens the address dialog
 * (`linkAsk`), whose answer `finishLink` writes as `[words](url)`; `newLine` continues
 * a list on Shift+Enter.
 */
export function useFormatting(textarea: RefObject<HTMLTextAreaElement | null>, draft: string) {
  const { applyFormat, setDraft } = useAppStore(selectComposerActions);
  // Where the selection goes once a new draft has been rendered.
  const selectAfter = useRef<Selection | null>(null);
  // The link dialog: the selection it will link, and the address to start from.
  const [linkAsk, setLinkAsk] = useState<{ at: Selection; initial: string } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the edited draft lands
  useLayoutEffect(() => {
    const el = textarea.current;
    const next = selectAfter.current;
    if (!el || !next) return;
    selectAfter.current = null;
    el.focus();
    el.setSelectionRange(next.start, next.end);
  }, [draft, textarea, linkAsk]);

  const selection = (): Selection => {
    const el = textarea.current;
    return el
      ? { start: el.selectionStart, end: el.selectionEnd }
      : { start: draft.length, end: draft.length };
  };

  /** Puts a new draft in and selects `at` once it has rendered. */
  const replace = (next: TextState) => {
    selectAfter.current = { start: next.selectionStart, end: next.selectionEnd };
    if (next.text === draft) {
      textarea.current?.setSelectionRange(next.selectionStart, next.selectionEnd);
      selectAfter.current = null;
    } else setDraft(next.text);
  };

  const format = (name: FormatName) => {
    const at = selection();
    if (name === "link") {
      const words = draft.slice(at.start, at.end).trim();
      setLinkAsk({ at, initial: /^(?:https?:\/\/|mailto:)\S+$/i.test(words) ? words : "" });
      return;
    }
    const next = applyFormat(name, at);
    // The text may be unchanged (the caret only stepped out of a format): no render.
    if (useAppStore.getState().draft === draft) textarea.current?.setSelectionRange(next.start, next.end);
    else selectAfter.current = next;
  };

  const finishLink = (url: string | null) => {
    const ask = linkAsk;
    setLinkAsk(null);
    if (!ask) return;
    if (url === null) {
      selectAfter.current = ask.at;
      return;
    }
    replace(insertLink({ text: draft, selectionStart: ask.at.start, selectionEnd: ask.at.end }, url));
  };

  /** Shift+Enter: true when it continued or ended a list (a plain line break otherwise). */
  const newLine = (): boolean => {
    const at = selection();
    const next = continueList({ text: draft, selectionStart: at.start, selectionEnd: at.end });
    if (!next) return false;
    replace(next);
    return true;
  };

  /** Places the caret (after a suggestion was taken). */
  const placeCaret = (at: number) => {
    selectAfter.current = { start: at, end: at };
  };

  return { format, linkAsk, finishLink, newLine, placeCaret };
}
