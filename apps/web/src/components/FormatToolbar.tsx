import { type KeyboardEvent, useRef, useState } from "react";
import { FORMATS, type FormatName, type FormatSpec, shortcutText } from "../formatting/formats";
import { PHONE_QUERY, useMediaQuery } from "../lib/useMediaQuery";
import { selectComposerActions, selectPreview, useAppStore } from "../store";

/** Apple keyboards use ⌘ where others use Ctrl. */
export const APPLE = typeof navigator !== "undefined" && /Mac|iPhone|iPad|iPod/.test(navigator.platform);

/** On a phone these stay in the bar; the others move to the "More" menu (F38). */
const PHONE_TOOLS: readonly FormatName[] = ["bold", "italic", "strike", "list", "link"];

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
 * phone the common tools stay in the bar and the rest are one tap away under "More".
 */
export function FormatToolbar({ onFormat }: { onFormat: (format: FormatName) => void }) {
  const preview = useAppStore(selectPreview);
  const { togglePreview } = useAppStore(selectComposerActions);
  const phone = useMediaQuery(PHONE_QUERY);
  const [current, setCurrent] = useState(0);
  const [moreOpen, setMoreOpen] = useState(false);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const shown = phone ? FORMATS.filter((f) => PHONE_TOOLS.includes(f.name)) : FORMATS;
  const hidden = phone ? FORMATS.filter((f) => !PHONE_TOOLS.includes(f.name)) : [];
  const count = shown.length + (hidden.length > 0 ? 1 : 0);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = STEPS[event.key];
    if (event.key === "Escape" && moreOpen) {
      event.preventDefault();
      setMoreOpen(false);
      return;
    }
    if (!step || moreOpen) return;
    event.preventDefault();
    const next = step(current, count);
    setCurrent(next);
    buttons.current[next]?.focus();
  };

  const tool = (spec: FormatSpec, i: number) => (
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
  );

  return (
    <div className="composer-tools">
      <div role="toolbar" aria-label="Formatting" className="format-toolbar" onKeyDown={onKeyDown}>
        {shown.map(tool)}
        {hidden.length > 0 && (
          <span className="format-more">
            <button
              ref={(el) => {
                buttons.current[shown.length] = el;
              }}
              type="button"
              tabIndex={current === shown.length ? 0 : -1}
              aria-haspopup="true"
              aria-expanded={moreOpen}
              aria-label="More formatting"
              title="More formatting"
              className="format-button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setCurrent(shown.length);
                setMoreOpen(!moreOpen);
              }}
            >
              <span aria-hidden="true">⋯</span>
            </button>
            {moreOpen && (
              <fieldset aria-label="More formatting" className="format-more-list">
                {hidden.map((spec) => (
                  <button
                    key={spec.name}
                    type="button"
                    className={`format-button format-${spec.name}`}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      setMoreOpen(false);
                      onFormat(spec.name);
                    }}
                  >
                    <span aria-hidden="true">{spec.glyph}</span> {spec.label}
                  </button>
                ))}
              </fieldset>
            )}
          </span>
        )}
      </div>
      <button
        type="button"
        aria-pressed={preview}
        className="format-button format-preview"
        onMouseDown={(e) => e.preventDefault()}
        onClick={togglePreview}
      >
        Preview
      </button>
    </div>
  );
}
