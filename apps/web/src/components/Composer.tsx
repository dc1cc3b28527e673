import { type FormEvent, type KeyboardEvent, useEffect, useId, useState } from "react";
import type { Suggestion } from "../commands/suggest";
import { formatForKey } from "../formatting/formats";
import { useFocusOnMount } from "../lib/useFocusOnMount";
import {
  selectComposerActions,
  selectComposerFocus,
  selectDraft,
  selectSendError,
  useAppStore,
} from "../store";
import { AttachButton } from "./AttachButton";
import { AttachmentTray } from "./AttachmentTray";
import { CommandSuggestions, suggestionId } from "./CommandSuggestions";
import { ComposerPreview } from "./ComposerPreview";
import { APPLE, FormatToolbar } from "./FormatToolbar";
import { LinkDialog } from "./LinkDialog";
import { useFileDrop } from "./useFileDrop";
import { useFormatting } from "./useFormatting";
import { useSuggestions } from "./useSuggestions";

/**
 * The message box: Enter sends, Shift+Enter starts a new line (continuing a list, F38).
 * A leading `/` opens the command suggestions, an `@` the members to mention (F39):
 * arrows move, Tab or Enter completes, Escape closes. The toolbar and its shortcuts
 * write Markdown around the selection or take it off; a pasted or dropped file joins
 * the attachment tray and goes with the message (F42). After sending, the focus stays in the box (the
 * Send button never takes it), so a phone's keyboard stays open.
 */
export function Composer() {
  const draft = useAppStore(selectDraft);
  const sendError = useAppStore(selectSendError);
  const focusSeq = useAppStore(selectComposerFocus);
  const { setDraft, submitDraft } = useAppStore(selectComposerActions);
  const textarea = useFocusOnMount<HTMLTextAreaElement>();
  const [caret, setCaret] = useState(0);
  const suggestions = useSuggestions(draft, caret);
  const [active, setActive] = useState(0);
  // The text at which Escape closed the list; typing anything opens it again.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const listId = useId();
  const open = suggestions.length > 0 && dismissedAt !== draft;
  const activeIndex = Math.min(active, suggestions.length - 1);
  const { format, linkAsk, finishLink, newLine, placeCaret } = useFormatting(textarea, draft);
  const files = useFileDrop();
  // A "Whisper to …" button filled the box: take the focus, caret at the end.
  useEffect(() => {
    const el = textarea.current;
    if (focusSeq === 0 || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [focusSeq, textarea]);

  const edit = (value: string) => {
    setActive(0);
    setDraft(value);
  };

  const pick = (suggestion: Suggestion) => {
    const at = suggestion.caret ?? suggestion.completion.length;
    placeCaret(at);
    setCaret(at);
    edit(suggestion.completion);
    textarea.current?.focus();
  };

  const send = () => {
    void submitDraft();
    textarea.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  // Also on "input": a value set by script fires it without React's onChange noticing.
  const onEdit = (event: FormEvent<HTMLTextAreaElement>) => {
    setCaret(event.currentTarget.selectionEnd);
    if (event.currentTarget.value !== draft) edit(event.currentTarget.value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    const chosen = suggestions[activeIndex];
    if (open && chosen) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey)) {
        event.preventDefault();
        pick(chosen);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setDismissedAt(draft);
        return;
      }
    }
    const shortcut = formatForKey(event, APPLE);
    if (shortcut) {
      event.preventDefault();
      format(shortcut);
      return;
    }
    if (event.key === "Enter" && event.shiftKey && newLine()) {
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit} onDragOver={files.onDragOver} onDrop={files.onDrop}>
      {sendError && (
        <p role="alert" className="form-error">
          {sendError}
        </p>
      )}
      {open && (
        <CommandSuggestions
          id={listId}
          suggestions={suggestions}
          active={activeIndex}
          onPick={pick}
          label={draft.startsWith("/") ? "Command suggestions" : "Members to mention"}
        />
      )}
      <ComposerPreview />
      <FormatToolbar onFormat={format} />
      <AttachmentTray />
      {linkAsk && (
        <LinkDialog initial={linkAsk.initial} onDone={finishLink} onCancel={() => finishLink(null)} />
      )}
      <div className="composer-row">
        <AttachButton />
        <textarea
          ref={textarea}
          aria-label="Message"
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? suggestionId(listId, activeIndex) : undefined}
          rows={1}
          value={draft}
          placeholder="Write a message, or / for commands"
          onChange={onEdit}
          onInput={onEdit}
          onKeyDown={onKeyDown}
          onSelect={(e) => setCaret(e.currentTarget.selectionEnd)}
          onPaste={files.onPaste}
        />
        {/* Cancelling mousedown keeps the focus (and a phone's keyboard) in the box. */}
        <button type="submit" className="primary" onMouseDown={(e) => e.preventDefault()}>
          Send
        </button>
      </div>
    </form>
  );
}
