import { selectPreview, useAppStore } from "../store";
import { RichText } from "./RichText";

/** The draft as the others will see it, sanitised exactly as their pages will. */
export function ComposerPreview() {
  const preview = useAppStore(selectPreview);
  if (preview === null) return null;
  return (
    <section aria-label="Preview" className="composer-preview">
      {preview === "" ? (
        <p className="composer-preview-empty">Nothing to preview yet.</p>
      ) : (
        <RichText className="message-text" html={preview} />
      )}
    </section>
  );
}
