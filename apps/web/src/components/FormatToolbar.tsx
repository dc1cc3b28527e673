import { FORMATS, type FormatName, shortcutText } from "../formatting/formats";
import { selectPreview, selectRoomActions, useAppStore } from "../store";

/** Apple keyboards use ⌘ where others use Ctrl. */
export const APPLE = typeof navigator !== "undefined" && /Mac|iPhone|iPad|iPod/.test(navigator.platform);

/**
 * Formatting buttons over the message box, and the preview switch. A press keeps the
 * focus (and so the selection) in the message box: mousedown is cancelled, and the
 * composer applies the format to whatever is selected there.
 */
export function FormatToolbar({ onFormat }: { onFormat: (format: FormatName) => void }) {
  const preview = useAppStore(selectPreview);
  const { togglePreview } = useAppStore(selectRoomActions);
  return (
    <div role="toolbar" aria-label="Formatting" className="format-toolbar">
      {FORMATS.map((spec) => (
        <button
          key={spec.name}
          type="button"
          aria-label={spec.label}
          title={`${spec.label} (${shortcutText(spec, APPLE)})`}
          className={`format-button format-${spec.name}`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onFormat(spec.name)}
        >
          <span aria-hidden="true">{spec.glyph}</span>
        </button>
      ))}
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
