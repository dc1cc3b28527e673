import { useEffect } from "react";
import { selectFilesActions, selectSession, useAppStore } from "../store";
import { ImageViewer } from "./ImageViewer";

/**
 * Receives the session's file offers while mounted (F44); unmounting (the session
 * ended) revokes every blob: URL. The cards themselves are in the message list.
 */
export function FilesWatch() {
  const session = useAppStore(selectSession);
  const { watch } = useAppStore(selectFilesActions);
  useEffect(() => (session ? watch(session) : undefined), [session, watch]);
  return <ImageViewer />;
}
