import { type FormEvent, type KeyboardEvent, useState } from "react";
import { useFocusOnMount } from "../lib/useFocusOnMount";
import { selectActions, selectSendError, useAppStore } from "../store";

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer() {
  const [draft, setDraft] = useState("");
  const sendError = useAppStore(selectSendError);
  const { send, typingActivity, clearSendError } = useAppStore(selectActions);
  const textarea = useFocusOnMount<HTMLTextAreaElement>();

  const submit = async () => {
    const text = draft;
    if (text.trim() === "") return;
    // Clear at once so the next message can be typed while this one is acknowledged;
    // put it back if it could not be sent and nothing new was typed meanwhile.
    setDraft("");
    const sent = await send(text);
    if (!sent) setDraft((current) => (current === "" ? text : current));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  // Also on "input": a value set by script fires it without React's onChange noticing.
  const onEdit = (event: FormEvent<HTMLTextAreaElement>) => {
    const value = event.currentTarget.value;
    if (value === draft) return;
    setDraft(value);
    typingActivity();
    if (sendError) clearSendError();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      {sendError && (
        <p role="alert" className="form-error">
          {sendError}
        </p>
      )}
      <div className="composer-row">
        <textarea
          ref={textarea}
          aria-label="Message"
          rows={1}
          value={draft}
          placeholder="Write a message"
          onChange={onEdit}
          onInput={onEdit}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary">
          Send
        </button>
      </div>
    </form>
  );
}
