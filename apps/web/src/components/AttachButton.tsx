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
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="20"
          height="20"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l8-8" />
        </svg>
      </button>
      <input ref={input} type="file" multiple hidden onChange={onPick} data-testid="attach-input" />
    </>
  );
}
