import type { Kdf } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../src/encoding.js";
import { type EnvelopeKind, openEnvelope, sealEnvelope } from "../src/envelope.js";
import { deriveRoomKeys } from "../src/kdf.js";
import { joinProof } from "../src/proof.js";
import vectors from "./fixtures/crypto-vectors.json" with { type: "json" };

/**
 * Every client implementation must reproduce the original crypto vectors exactly
 * (docs/design.md, Crypto); this file keeps them in the repository.
 */
describe.each(vectors.cases)(
  "crypto vector for $alias ($kind)",
  (c) => {
    const keysPromise = deriveRoomKeys(c.password, c.salt, c.kdf as Kdf);

    it("derives authKey, encKey and macKey", async () => {
      const keys = await keysPromise;
      expect(toBase64url(keys.authKey)).toBe(c.authKey);
      expect(toBase64url(keys.encKey)).toBe(c.encKey);
      expect(toBase64url(keys.macKey)).toBe(c.macKey);
    });

    it("computes the join proof", async () => {
      const keys = await keysPromise;
      expect(joinProof(keys.authKey, c.roomId, c.nonce, c.alias)).toBe(c.proof);
    });

    it("seals the body to the exact envelope", async () => {
      const keys = await keysPromise;
      const env = sealEnvelope(keys, {
        kind: c.kind as EnvelopeKind,
        roomId: c.roomId,
        fromAlias: c.alias,
        body: c.body,
        iv: fromBase64url(c.envelope.iv),
      });
      expect(env).toEqual(c.envelope);
    });

    it("opens the envelope to the body", async () => {
      const keys = await keysPromise;
      const body = openEnvelope(keys, {
        kind: c.kind as EnvelopeKind,
        roomId: c.roomId,
        fromAlias: c.alias,
        env: c.envelope as { v: 1; iv: string; ct: string; mac: string },
      });
      expect(body).toBe(c.body);
    });
  },
  60_000,
);
