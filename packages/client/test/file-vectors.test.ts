import { createCipheriv, createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../src/encoding.js";
import { fileKeys, openChunk, sealChunk } from "../src/files/chunkCipher.js";
import vectors from "./fixtures/file-vectors.json" with { type: "json" };

/**
 * The chunk format (docs/design.md Crypto step 7) pinned by file-vectors.json, checked
 * both ways with the SDK and once more with Node's own crypto, so the vectors describe
 * standard AES-256-CBC, HMAC-SHA256 and HKDF and not just this implementation.
 */

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const keys = fileKeys(bytes(vectors.fileKeyHex));
const { transferId } = vectors;

describe("file chunk vectors", () => {
  it("derives the transfer's keys with HKDF-SHA256", () => {
    expect(Buffer.from(keys.encKey).toString("hex")).toBe(vectors.encKeyHex);
    expect(Buffer.from(keys.macKey).toString("hex")).toBe(vectors.macKeyHex);
    const node = (info: string) =>
      Buffer.from(hkdfSync("sha256", bytes(vectors.fileKeyHex), new Uint8Array(0), info, 32)).toString("hex");
    expect(node("sanctuary/v1/file-enc")).toBe(vectors.encKeyHex);
    expect(node("sanctuary/v1/file-mac")).toBe(vectors.macKeyHex);
  });

  for (const c of vectors.chunks) {
    const at = { transferId, index: c.index, last: c.last };
    it(`seals and opens chunk ${c.index} (last: ${c.last}, ${c.plainHex.length / 2} bytes)`, () => {
      expect(toBase64url(sealChunk(keys, at, bytes(c.plainHex), bytes(c.ivHex)))).toBe(c.wire);
      expect(Buffer.from(openChunk(keys, at, fromBase64url(c.wire))).toString("hex")).toBe(c.plainHex);
    });

    it(`matches Node's AES-256-CBC and HMAC-SHA256 for chunk ${c.index}`, () => {
      const cipher = createCipheriv("aes-256-cbc", keys.encKey, bytes(c.ivHex));
      const ct = Buffer.concat([cipher.update(bytes(c.plainHex)), cipher.final()]);
      const mac = createHmac("sha256", keys.macKey)
        .update(`sanctuary/v1/file-chunk|${transferId}|${c.index}|${c.last ? 1 : 0}|`)
        .update(bytes(c.ivHex))
        .update(ct)
        .digest();
      expect(toBase64url(Buffer.concat([bytes(c.ivHex), ct, mac]))).toBe(c.wire);
    });
  }

  it("refuses a chunk changed anywhere, or opened at another place", () => {
    const c = vectors.chunks[0] as (typeof vectors.chunks)[number];
    const wire = fromBase64url(c.wire);
    const at = { transferId, index: c.index, last: c.last };
    for (const i of [0, 20, wire.length - 1]) {
      const changed = wire.slice();
      changed[i] = (changed[i] as number) ^ 1;
      expect(() => openChunk(keys, at, changed)).toThrow();
    }
    expect(() => openChunk(keys, { ...at, index: 1 }, wire)).toThrow(/MAC/);
    expect(() => openChunk(keys, { ...at, last: true }, wire)).toThrow(/MAC/);
    expect(() => openChunk(keys, { ...at, transferId: "AAECAwQFBgcICQoLDA0OEA" }, wire)).toThrow(/MAC/);
    expect(() => openChunk(fileKeys(new Uint8Array(32)), at, wire)).toThrow(/MAC/);
    expect(() => openChunk(keys, at, wire.subarray(0, wire.length - 16))).toThrow();
  });
});
