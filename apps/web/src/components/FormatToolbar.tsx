import { type KeyboardEvent, useRef, useState } from "react";
import { FORMATS, type FormatName, shortcutText } from "../formatting/formats";
import { selectComposerActions, selectPreview, useAppStore } from "../store";

/** Apple keyboards use ⌘ where others use Ctrl. */
export const APPLE = typeof navigator !== "undefined" && /Mac|iPhone|iPad|iPod/.test(navigator.platform);

const STEPS: Readonly<Record<string, (i: number, n: number) => number>> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/**
 * Formatting buttons over the message box, and the preview switch beside them. A press
 * keeps the focus (and so the selection) in the message box: mousedown is cancelled,
 * and the composer applies the format to whatever is selected there. The toolbar is
 * one Tab stop; arrow keys move between its buttons (WAI-ARIA toolbar pattern). On a
 * narrow phone the buttons scroll sideways while Preview stays in view.
 */
export function FormatToolbar({ onFormat }: { onFormat: (format: FormatName) => void }) {
  const preview = useAppStore(selectPreview);
  const { togglePreview } = useAppStore(selectComposerActions);
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    const next = step(current, FORMATS.length);
    setCurrent(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="composer-tools">
      <div role="toolbar" aria-label="Formatting" className="format-toolbar" onKeyDown={onKeyDown}>
        {FORMATS.map((spec, i) => (
          <button
            key={spec.name}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            tabIndex={i === current ? 0 : -1}
            aria-label={spec.label}
            title={`${spec.label} (${shortcutText(spec, APPLE)})`}
            className={`format-button format-${spec.name}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setCurrent(i);
              onFormat(spec.name);
            }}
          >
            <span aria-hidden="true">{spec.glyph}</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-pressed={preview !== null}
        className="format-button format-preview"
        onMouseDown={(e) => e.preventDefault()}
        onClick={togglePreview}
      >
        Preview
      </button>
    </div>
  );
}
