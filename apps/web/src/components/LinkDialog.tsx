import { type KeyboardEvent, useState } from "react";
import { useFocusOnMount } from "../lib/useFocusOnMount";

/** Addresses a link may point at (the sanitizer drops any other). */
const LINKABLE = /^(?:https?:\/\/|mailto:)\S+$/i;

/**
 * Asks for a link's address in place, above the message box (F38): Enter or "Add link"
 * makes the link, Escape or "Cancel" goes back to the text. Not a form of its own (it
 * sits inside the composer's); its Enter is handled here so it never sends the message.
 */
export function LinkDialog({
  initial,
  onDone,
  onCancel,
}: {
  initial: string;
  onDone: (url: string) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState(initial || "https://");
  const [problem, setProblem] = useState<string | null>(null);
  const input = useFocusOnMount<HTMLInputElement>();

  const done = () => {
    const value = (input.current?.value ?? url).trim();
    const full = /^[\w.-]+\.[a-z]{2,}(?:[/?#]\S*)?$/i.test(value) ? `https://${value}` : value;
    if (!LINKABLE.test(full)) {
      setProblem("Enter an address starting with https://, http:// or mailto:");
      return;
    }
    onDone(full);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      done();
    } else if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <fieldset aria-label="Add a link" className="link-dialog">
      <input
        ref={input}
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        aria-label="Link address"
        value={url}
        onChange={(e) => {
          setUrl(e.currentTarget.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="primary" onClick={done}>
        Add link
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
