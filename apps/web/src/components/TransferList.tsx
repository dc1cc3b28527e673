import { useEffect } from "react";
import { selectFilesActions, selectSession, selectTransfers, useAppStore } from "../store";
import { ImageViewer } from "./ImageViewer";
import { TransferCard } from "./TransferCard";

/**
 * The files of this session, sent and received (F44). While mounted it receives the
 * session's offers; unmounting (the session ended) revokes every blob: URL.
 */
export function TransferList() {
  const session = useAppStore(selectSession);
  const transfers = useAppStore(selectTransfers);
  const { watch } = useAppStore(selectFilesActions);
  useEffect(() => (session ? watch(session) : undefined), [session, watch]);
  if (transfers.length === 0) return null;
  return (
    <section className="transfer-list" aria-label="Files">
      {transfers.map((t) => (
        <TransferCard key={t.id} t={t} />
      ))}
      <ImageViewer />
    </section>
  );
}
