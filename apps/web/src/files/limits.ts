/**
 * How large a received file may be when it is assembled in memory (F44): the page holds
 * its decrypted chunks until the end, then one `Blob` of them, so a file costs about
 * twice its size for a moment. Larger offers are declined before a chunk arrives, and
 * the card says why. The figures are the ones docs/privacy.md reports per browser.
 */
export const IN_MEMORY_LIMIT_BYTES = 1024 * 2 ** 20;
/** Phones have far less memory to give a tab. */
export const IN_MEMORY_LIMIT_PHONE_BYTES = 256 * 2 ** 20;

/** The limit for this page: the phone one on a coarse pointer with a small screen. */
export function inMemoryLimit(): number {
  const phone =
    typeof matchMedia === "function" && matchMedia("(pointer: coarse) and (max-width: 900px)").matches;
  return phone ? IN_MEMORY_LIMIT_PHONE_BYTES : IN_MEMORY_LIMIT_BYTES;
}

/** Files shown inline (decoded by the page from a blob: URL). */
export function previewKind(type: string): "image" | "video" | null {
  if (/^image\/(png|jpeg|gif|webp|avif|bmp)$/.test(type)) return "image";
  if (/^video\/(mp4|webm|ogg)$/.test(type)) return "video";
  return null;
}

/** "1.4 MB", "820 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}
