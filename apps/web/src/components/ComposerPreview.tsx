import { renderMessageHtml } from "../formatting/markdown";
import { selectDraft, selectPreview, useAppStore } from "../store";
import { RichText } from "./RichText";

/**
 * The draft as the others will see it: the same `renderMessageHtml` their logs call,
 * so Markdown, HTML tags and sanitising come out exactly as they will there.
 */
export function ComposerPreview() {
  const open = useAppStore(selectPreview);
  const draft = useAppStore(selectDraft);
  if (!open) return null;
  return (
    <section aria-label="Preview" className="composer-preview">
      {draft.trim() === "" ? (
        <p className="composer-preview-empty">Nothing to preview yet.</p>
      ) : (
        <RichText className="message-text" html={renderMessageHtml(draft)} />
      )}
    </section>
  );
}
