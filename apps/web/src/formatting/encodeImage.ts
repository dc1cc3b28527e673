import { SAFE_IMAGE_SRC } from "./sanitize";

export type EncodedImage =
  | { ok: true; dataUri: string; width: number; height: number }
  | { ok: false; reason: "unreadable" | "too-large" };

/** Encodes a pasted image as a `data:` URI of at most `budget` characters. */
export type ImageEncoder = (image: Blob, budget: number) => Promise<EncodedImage>;

/** The longest side a pasted image starts from; chat pictures need no more. */
const START_SIDE = 640;
/** Below this longest side a picture is not worth sending: say it does not fit. */
const MIN_SIDE = 48;
const SHRINK = 0.75;
/** Tried at each size, smallest files last; WebP falls back to PNG where unsupported. */
const ATTEMPTS = [
  { type: "image/webp", quality: 0.82 },
  { type: "image/jpeg", quality: 0.82 },
  { type: "image/webp", quality: 0.55 },
  { type: "image/jpeg", quality: 0.55 },
] as const;

/**
 * Turns a pasted picture into a small `data:` URI that fits the message (F13). A small
 * PNG, JPEG, GIF or WebP is used as it is (a GIF keeps its animation); anything else is
 * drawn onto a canvas and re-encoded, shrinking until it fits or gets too small to be
 * worth sending. Nothing leaves the page: decoding uses `createImageBitmap` (no URL at
 * all), and the canvas never holds anything from another origin.
 */
export const encodeImage: ImageEncoder = async (image, budget) => {
  if (/^image\/(?:png|jpeg|gif|webp)$/.test(image.type) && base64Length(image.size) + 40 <= budget) {
    const asIs = await readAsDataUri(image).catch(() => "");
    if (SAFE_IMAGE_SRC.test(asIs) && asIs.length <= budget) {
      const size = await decodedSize(image);
      if (size) return { ok: true, dataUri: asIs, ...size };
    }
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  try {
    let side = Math.min(START_SIDE, Math.max(bitmap.width, bitmap.height));
    while (side >= MIN_SIDE) {
      const scale = side / Math.max(bitmap.width, bitmap.height);
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      for (const { type, quality } of ATTEMPTS) {
        const dataUri = draw(bitmap, width, height, type === "image/jpeg").toDataURL(type, quality);
        if (dataUri.length <= budget && SAFE_IMAGE_SRC.test(dataUri))
          return { ok: true, dataUri, width, height };
      }
      side = Math.floor(side * SHRINK);
    }
    return { ok: false, reason: "too-large" };
  } finally {
    bitmap.close();
  }
};

function draw(bitmap: ImageBitmap, width: number, height: number, opaque: boolean): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas");
  if (opaque) {
    // JPEG has no transparency: without this, clear pixels would turn black.
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
  }
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

function readAsDataUri(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function decodedSize(blob: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(blob);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return null;
  }
}
