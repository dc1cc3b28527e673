import type { ClipboardEvent, DragEvent } from "react";
import { selectFilesActions, useAppStore } from "../store";

/**
 * Drag-and-drop and paste of files into the composer (F42): files go to the tray, never
 * into the text. `onPaste` returns true when it took the paste.
 */
export function useFileDrop() {
  const { addFiles } = useAppStore(selectFilesActions);
  const hasFiles = (types: readonly string[]) => types.includes("Files");
  return {
    onDragOver(event: DragEvent) {
      if (hasFiles([...event.dataTransfer.types])) event.preventDefault();
    },
    onDrop(event: DragEvent) {
      const files = [...event.dataTransfer.files];
      if (files.length === 0) return;
      event.preventDefault();
      addFiles(files);
    },
    onPaste(event: ClipboardEvent): boolean {
      // Items first (how browsers hand over a copied picture), files as the fallback.
      const fromItems = [...event.clipboardData.items]
        .filter((item) => item.kind === "file")
        .map((item) => item.getAsFile())
        .filter((f): f is File => f !== null);
      const files = fromItems.length > 0 ? fromItems : [...event.clipboardData.files];
      if (files.length === 0) return false;
      event.preventDefault();
      addFiles(files);
      return true;
    },
  };
}
