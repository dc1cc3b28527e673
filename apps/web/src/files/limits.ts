/**
 * How large a received file may be when it is assembled in memory (F44): the page holds
 * its decrypted chunks until the end, then one `Blob` of them, so a file costs about
 * twice its size for a moment. Larger offers are declined before a chunk arrives, and
 * the card says why (or, where the File System Access API exists, they arrive only by
 * "Save to file…").
 *
 * Measured, not guessed (docs/design.md F44): 64 KiB parts assembled into one Blob and
 * read back, headless on Linux x86-64 with 24 GB of memory. Chromium: up to 480 MiB
 * reads back, 500 MiB and more yields a Blob that cannot be read (NotReadableError),
 * with or without a profile. Firefox ESR: 2 GiB still reads back (3.7 s to assemble).
 */
export const IN_MEMORY_LIMIT_BYTES = 1024 * 2 ** 20;
/** Chromium-based browsers: below the ~490 MiB at which their Blobs stop being readable. */
export const IN_MEMORY_LIMIT_CHROMIUM_BYTES = 400 * 2 ** 20;
/** Phones have far less memory to give a tab (chosen, not measured). */
export const IN_MEMORY_LIMIT_PHONE_BYTES = 256 * 2 ** 20;

/**
 * The limit for this page: the phone one on a coarse pointer with a small screen, the
 * Chromium one in Chromium-based browsers, else the general one.
 */
export function inMemoryLimit(): number {
  const phone =
    typeof matchMedia === "function" && matchMedia("(pointer: coarse) and (max-width: 900px)").matches;
  if (phone) return IN_MEMORY_LIMIT_PHONE_BYTES;
  const chromium = typeof navigator !== "undefined" && /\bChrom(e|ium)\//.test(navigator.userAgent);
  return chromium ? IN_MEMORY_LIMIT_CHROMIUM_BYTES : IN_MEMORY_LIMIT_BYTES;
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
