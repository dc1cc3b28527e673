import type { WritableFile } from "./receiveSink";

type SaveFilePicker = (options: { suggestedName?: string }) => Promise<{
  createWritable(): Promise<WritableFile>;
}>;

function picker(): SaveFilePicker | undefined {
  const w = globalThis as { showSaveFilePicker?: SaveFilePicker; isSecureContext?: boolean };
  return w.isSecureContext && typeof w.showSaveFilePicker === "function" ? w.showSaveFilePicker : undefined;
}

/**
 * Whether a received file can stream into a file the person picks: the File System
 * Access API's save picker, in Chromium-based browsers and secure contexts only (F44).
 */
export function canSaveToFile(): boolean {
  return picker() !== undefined;
}

/**
 * Asks where to save `name` (must run within a click) and opens it for writing; null
 * when the person closed the picker or the browser has none.
 */
export async function pickFile(name: string): Promise<WritableFile | null> {
  const show = picker();
  if (!show) return null;
  try {
    const handle = await show({ suggestedName: name });
    return await handle.createWritable();
  } catch {
    // AbortError: the picker was closed; anything else: nothing to write to.
    return null;
  }
}
