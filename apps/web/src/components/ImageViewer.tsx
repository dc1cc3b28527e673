import { useEffect, useRef } from "react";
import { selectFilesActions, selectTransfers, selectViewer, useAppStore } from "../store";

/** A received or sent picture at full size, with Save and Close (Escape closes too). */
export function ImageViewer() {
  const id = useAppStore(selectViewer);
  const transfers = useAppStore(selectTransfers);
  const { openViewer } = useAppStore(selectFilesActions);
  const dialog = useRef<HTMLDialogElement>(null);
  const t = transfers.find((x) => x.id === id);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (t?.url && !el.open) el.showModal();
    if (!t?.url && el.open) el.close();
  }, [t?.url]);
  return (
    <dialog
      ref={dialog}
      className="image-viewer"
      aria-label={t ? `${t.name}, full size` : "Picture"}
      onClose={() => openViewer(null)}
    >
      {t?.url && (
        <>
          <img src={t.url} alt={t.name} />
          <div className="image-viewer-actions">
            <a href={t.url} download={t.name} className="primary">
              Save
            </a>
            <button type="button" onClick={() => openViewer(null)}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
