import { formatBytes } from "../files/limits";
import { selectAttachments, selectFilesActions, useAppStore } from "../store";

/** The files waiting to go with the next message: name, size, type, a thumbnail for a picture; each removable. */
export function AttachmentTray() {
  const attachments = useAppStore(selectAttachments);
  const { removeAttachment } = useAppStore(selectFilesActions);
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-tray" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.key} className="attachment">
          {a.thumb ? (
            <img className="attachment-thumb" src={a.thumb} alt="" />
          ) : (
            <span className="attachment-icon" aria-hidden="true">
              {extension(a.name)}
            </span>
          )}
          <span className="attachment-text">
            <span className="attachment-name">{a.name}</span>
            <span className="attachment-meta">
              {formatBytes(a.size)} · {a.type}
            </span>
          </span>
          <button
            type="button"
            className="attachment-remove"
            aria-label={`Remove ${a.name}`}
            onClick={() => removeAttachment(a.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The file's extension, short, for the icon of a file that has no thumbnail. */
function extension(name: string): string {
  const ext = /\.([A-Za-z0-9]{1,4})$/.exec(name)?.[1];
  return ext ? ext.toUpperCase() : "FILE";
}
