import { type ChangeEvent, useRef } from "react";
import { selectFilesActions, useAppStore } from "../store";

/** The paperclip: picks files (any type, several) for the tray (F42). */
export function AttachButton() {
  const { addFiles } = useAppStore(selectFilesActions);
  const input = useRef<HTMLInputElement>(null);
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    addFiles([...(event.currentTarget.files ?? [])]);
    // The same file can be picked again after it was removed.
    event.currentTarget.value = "";
  };
  return (
    <>
      <button
        type="button"
        className="attach-button"
        aria-label="Attach files"
        title="Attach files"
        onClick={() => input.current?.click()}
      >
        <span aria-hidden="true">📎</span>
      </button>
      <input ref={input} type="file" multiple hidden onChange={onPick} data-testid="attach-input" />
    </>
  );
}
