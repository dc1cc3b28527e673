import type { Kdf } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { toBase64url } from "../src/encoding.js";
import { deriveRoomKeys, wipeRoomKeys } from "../src/kdf.js";
import vectors from "./fixtures/crypto-vectors.json" with { type: "json" };

const c = vectors.cases[1] as (typeof vectors.cases)[number];

describe("deriveRoomKeys", () => {
  it("normalises the password to NFC, so a decomposed Ü derives the same keys", async () => {
    const decomposed = c.password.normalize("NFD");
    expect(decomposed).not.toBe(c.password);
    const keys = await deriveRoomKeys(decomposed, c.salt, c.kdf as Kdf);
    expect(toBase64url(keys.encKey)).toBe(c.encKey);
  });

  it("gives independent keys, and different keys for a different salt", async () => {
    const keys = await deriveRoomKeys("pw", "AAAAAAAAAAAAAAAAAAAAAA", c.kdf as Kdf);
    const other = await deriveRoomKeys("pw", "AAAAAAAAAAAAAAAAAAAAAQ", c.kdf as Kdf);
    expect(new Set([keys.authKey, keys.encKey, keys.macKey].map(toBase64url)).size).toBe(3);
    expect(toBase64url(other.encKey)).not.toBe(toBase64url(keys.encKey));
  });

  it("wipeRoomKeys zeroes every key in place", async () => {
    const keys = await deriveRoomKeys("pw", c.salt, c.kdf as Kdf);
    wipeRoomKeys(keys);
    for (const key of [keys.authKey, keys.encKey, keys.macKey]) expect(key.every((b) => b === 0)).toBe(true);
  });
});
