import { formatBytes, previewKind } from "../files/limits";
import { canSaveToFile } from "../files/savePicker";
import { selectFilesActions, useAppStore } from "../store";
import type { TransferView } from "../store/types";

/**
 * One file on its way (F44): who, name, size, progress and speed while it moves, then a
 * preview for a picture or a short video and a Save link; or why it stopped. Where the
 * browser can write files (File System Access API), "Save to file…" streams a received
 * file into a file the person picks; one too large for memory arrives only that way.
 */
export function TransferCard({ t }: { t: TransferView }) {
  const { cancelTransfer, openViewer, saveToFile } = useAppStore(selectFilesActions);
  const canSave = t.direction === "in" && !t.toFile && canSaveToFile();
  const kind = previewKind(t.type);
  const who =
    t.direction === "in" ? `from ${t.peer ?? "someone"}` : t.peer ? `to ${t.peer} only` : "to the room";
  return (
    <article className={`transfer-card transfer-${t.state}`} aria-label={`File ${t.name}`}>
      {t.url && kind === "image" && (
        <button
          type="button"
          className="transfer-preview"
          onClick={() => openViewer(t.id)}
          aria-label={`View ${t.name} full size`}
        >
          <img src={t.url} alt={t.name} />
        </button>
      )}
      {t.url && kind === "video" && t.direction === "in" && (
        // biome-ignore lint/a11y/useMediaCaption: a member's own video, no captions exist
        <video className="transfer-video" src={t.url} controls preload="metadata" />
      )}
      <div className="transfer-head">
        <span className="transfer-name">{t.name}</span>
        <span className="transfer-meta">
          {formatBytes(t.size)} · {who}
        </span>
      </div>
      {t.state === "active" && (
        <div className="transfer-progress">
          <progress max={t.size || 1} value={t.bytes} aria-label={`${t.name} progress`} />
          <span className="transfer-speed">
            {formatBytes(t.bytes)} of {formatBytes(t.size)}
            {t.bytesPerSecond > 0 ? ` · ${formatBytes(t.bytesPerSecond)}/s` : ""}
          </span>
          <button type="button" className="transfer-cancel" onClick={() => cancelTransfer(t.id)}>
            Cancel
          </button>
        </div>
      )}
      {t.state === "active" && t.mustSave && !t.toFile && (
        <span className="transfer-note" role="status">
          Too large to keep in memory here: save it to a file to receive it.
        </span>
      )}
      {t.missed && (
        <span className="transfer-note">
          Not sent to {t.missed.join(", ")}: connected to another server node, which files do not cross.
        </span>
      )}
      {t.toFile && (
        <span className="transfer-note">{t.state === "done" ? "Saved to a file." : "Saving to a file…"}</span>
      )}
      <div className="transfer-actions">
        {t.state === "done" && t.direction === "in" && t.url && !t.toFile && (
          <a className="transfer-save" href={t.url} download={t.name} data-size={t.size}>
            Save
          </a>
        )}
        {canSave && (t.state === "active" || (t.state === "done" && t.url)) && (
          <button type="button" className="transfer-save-file" onClick={() => void saveToFile(t.id)}>
            Save to file…
          </button>
        )}
      </div>
      {t.state === "done" && t.direction === "out" && <span className="transfer-note">Sent.</span>}
      {t.note && t.state !== "done" && (
        <span className="transfer-note" role="status">
          {t.note}
        </span>
      )}
    </article>
  );
}
