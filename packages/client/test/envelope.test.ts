import type { Envelope } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../src/encoding.js";
import { type EnvelopeKind, openEnvelope, sealEnvelope } from "../src/envelope.js";
import { EnvelopeError } from "../src/errors.js";
import { randomBytes } from "../src/random.js";
import vectors from "./fixtures/crypto-vectors.json" with { type: "json" };

/** Keys from vector 0, so these tests need no Argon2 run. */
const c = vectors.cases[0] as (typeof vectors.cases)[number];
const keys = { encKey: fromBase64url(c.encKey), macKey: fromBase64url(c.macKey) };
const env = c.envelope as Envelope;
const ctx = { kind: c.kind as EnvelopeKind, roomId: c.roomId, fromAlias: c.alias };

/** Flips one bit of a base64url field's bytes and re-encodes it. */
function flipBit(field: string, byteIndex = 0): string {
  const bytes = fromBase64url(field);
  bytes[byteIndex] = (bytes[byteIndex] as number) ^ 0x01;
  return toBase64url(bytes);
}

describe("openEnvelope rejects anything tampered with", () => {
  it("accepts the untouched envelope (control)", () => {
    expect(openEnvelope(keys, { ...ctx, env })).toBe(c.body);
  });

  it.each([
    ["mac", { ...env, mac: flipBit(env.mac) }],
    ["ct (first block)", { ...env, ct: flipBit(env.ct, 0) }],
    ["ct (last byte)", { ...env, ct: flipBit(env.ct, fromBase64url(env.ct).length - 1) }],
    ["iv", { ...env, iv: flipBit(env.iv) }],
    ["ct truncated by a block", { ...env, ct: toBase64url(fromBase64url(env.ct).subarray(16)) }],
    ["version", { ...env, v: 2 as 1 }],
  ])("a changed %s", (_field, tampered) => {
    expect(() => openEnvelope(keys, { ...ctx, env: tampered })).toThrow(EnvelopeError);
  });

  it("a different sender alias", () => {
    expect(() => openEnvelope(keys, { ...ctx, fromAlias: "mallory", env })).toThrow(EnvelopeError);
    // Aliases are compared exactly: the server assigns them already canonical.
    expect(() => openEnvelope(keys, { ...ctx, fromAlias: "Alice", env })).toThrow(EnvelopeError);
  });

  it.each(["whisper", "farewell", "meta"] as const)("a different kind (%s)", (kind) => {
    expect(() => openEnvelope(keys, { ...ctx, kind, env })).toThrow(EnvelopeError);
  });

  it("a different room", () => {
    expect(() => openEnvelope(keys, { ...ctx, roomId: "ABCDEFGHJKMNPQRS", env })).toThrow(EnvelopeError);
  });

  it("wrong keys", () => {
    const other = vectors.cases[1] as (typeof vectors.cases)[number];
    const wrongMac = { encKey: keys.encKey, macKey: fromBase64url(other.macKey) };
    const wrongBoth = { encKey: fromBase64url(other.encKey), macKey: fromBase64url(other.macKey) };
    expect(() => openEnvelope(wrongMac, { ...ctx, env })).toThrow(EnvelopeError);
    expect(() => openEnvelope(wrongBoth, { ...ctx, env })).toThrow(EnvelopeError);
  });

  it("malformed fields", () => {
    expect(() => openEnvelope(keys, { ...ctx, env: { ...env, iv: "not base64url!" } })).toThrow(
      EnvelopeError,
    );
    expect(() => openEnvelope(keys, { ...ctx, env: { ...env, mac: env.mac.slice(1) } })).toThrow(
      EnvelopeError,
    );
    expect(() => openEnvelope(keys, { ...ctx, env: { ...env, ct: "" } })).toThrow(EnvelopeError);
    expect(() => openEnvelope(keys, { ...ctx, env: null as unknown as Envelope })).toThrow(EnvelopeError);
  });
});

describe("sealEnvelope", () => {
  it("round-trips text of every size class, including non-ASCII", () => {
    for (const body of ["", "x", "a".repeat(15), "b".repeat(16), "é✓🔐".repeat(100)]) {
      const sealed = sealEnvelope(keys, { ...ctx, body });
      expect(openEnvelope(keys, { ...ctx, env: sealed })).toBe(body);
    }
  });

  it("uses a fresh IV each time, so equal bodies give different ciphertexts", () => {
    const a = sealEnvelope(keys, { ...ctx, body: c.body });
    const b = sealEnvelope(keys, { ...ctx, body: c.body });
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it("produces wire-shaped fields: 16-byte IV, whole AES blocks, 32-byte MAC", () => {
    const sealed = sealEnvelope(keys, { ...ctx, body: "{}" });
    expect(sealed.v).toBe(1);
    expect(fromBase64url(sealed.iv)).toHaveLength(16);
    expect(fromBase64url(sealed.ct).length % 16).toBe(0);
    expect(fromBase64url(sealed.mac)).toHaveLength(32);
    expect(`${sealed.iv}${sealed.ct}${sealed.mac}`).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses an IV of the wrong size", () => {
    expect(() => sealEnvelope(keys, { ...ctx, body: "{}", iv: randomBytes(8) })).toThrow(RangeError);
  });

  it("does not modify the caller's keys", () => {
    const copy = { encKey: keys.encKey.slice(), macKey: keys.macKey.slice() };
    sealEnvelope(copy, { ...ctx, body: "{}" });
    expect(copy.encKey).toEqual(keys.encKey);
    expect(copy.macKey).toEqual(keys.macKey);
  });
});
