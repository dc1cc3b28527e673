import { type ClipboardEvent, type RefObject, useLayoutEffect, useRef } from "react";
import type { FormatName, Selection } from "../formatting/formats";
import { selectComposerActions, useAppStore } from "../store";

/**
 * The message box's formatting: `format` wraps the selection (toolbar and shortcuts)
 * and re-selects the wrapped words once the new draft has rendered; `onPaste` hands a
 * pasted picture to the store, which shrinks it into the draft at the selection.
 */
export function useFormatting(textarea: RefObject<HTMLTextAreaElement | null>, draft: string) {
  const { applyFormat, pasteImage } = useAppStore(selectComposerActions);
  // Where the selection goes once a format's new draft has been rendered.
  const selectAfter = useRef<Selection | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the formatted draft lands
  useLayoutEffect(() => {
    const el = textarea.current;
    const next = selectAfter.current;
    if (!el || !next) return;
    selectAfter.current = null;
    el.focus();
    el.setSelectionRange(next.start, next.end);
  }, [draft, textarea]);

  const selection = (): Selection => {
    const el = textarea.current;
    return el
      ? { start: el.selectionStart, end: el.selectionEnd }
      : { start: draft.length, end: draft.length };
  };

  const format = (name: FormatName) => {
    // Every format adds tags, so the draft changes and the layout effect selects.
    selectAfter.current = applyFormat(name, selection());
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    // Items first (how browsers hand over a copied picture), files as the fallback.
    const fromItems = [...event.clipboardData.items]
      .filter((item) => item.kind === "file" && item.type.startsWith("image/"))
      .map((item) => item.getAsFile());
    const image = [...fromItems, ...event.clipboardData.files].find((f) => f?.type.startsWith("image/"));
    if (!image) return;
    event.preventDefault();
    void pasteImage(image, selection());
  };

  return { format, onPaste };
}
