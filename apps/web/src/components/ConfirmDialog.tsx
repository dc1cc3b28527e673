import { useEffect, useId, useRef } from "react";
import { selectModerationActions, selectPending, useAppStore } from "../store";
import type { PendingConfirm } from "../store/types";

function wording(pending: PendingConfirm): { title: string; body: string } {
  if (pending.kind === "leave") {
    return {
      title: "Leave the room?",
      body: "This page forgets the conversation and the room's keys. To come back you need the room ID and password again, and what was said before will not be shown.",
    };
  }
  if (pending.kind === "kick") {
    return {
      title: `Remove ${pending.alias}?`,
      body: `${pending.alias} is sent out of the room and cannot come straight back in from the same connection. Everyone sees that you removed them.`,
    };
  }
  return {
    title: "Purge the room?",
    body: "Everyone is sent out at once and the room is deleted, with everything said in it. This cannot be undone.",
  };
}

/**
 * Asks before a destructive action (removing a member, purging the room) in a modal
 * <dialog>: Escape or "Cancel" backs out, and "Cancel" has the focus to begin with.
 */
export function ConfirmDialog() {
  const pending = useAppStore(selectPending);
  const { confirmPending, cancelPending } = useAppStore(selectModerationActions);
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (pending && !el.open) {
      el.showModal();
      cancel.current?.focus();
    } else if (!pending && el.open) {
      el.close();
    }
  }, [pending]);

  const text = pending ? wording(pending) : null;
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        cancelPending();
      }}
    >
      {text && (
        <>
          <h2 id={titleId}>{text.title}</h2>
          <p id={bodyId}>{text.body}</p>
          <div className="confirm-actions">
            <button ref={cancel} type="button" className="secondary" onClick={cancelPending}>
              Cancel
            </button>
            <button type="button" className="primary destructive" onClick={() => void confirmPending()}>
              Confirm
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
