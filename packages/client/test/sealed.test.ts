import { x25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SealedEnvelope } from "@sanctuary/protocol";
import { sealedEnvelopeSchema } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../src/encoding.js";
import { EnvelopeError } from "../src/errors.js";
import {
  fingerprint,
  memberKeyPair,
  openWhisper,
  pubMac,
  roomFingerprint,
  sealWhisper,
  verifyPubMac,
} from "../src/index.js";
import vectors from "./fixtures/crypto-vectors.json" with { type: "json" };

/** docs/design.md Crypto step 6, pinned by `sealedWhispers` in the shared vectors file. */
const v = vectors.sealedWhispers[0] as (typeof vectors.sealedWhispers)[number];
const macKey = fromBase64url(v.macKey);
const env = v.whisper.envelope as SealedEnvelope;
const bobSk = () => fromBase64url(v.bob.sk);
const openCtx = { roomId: v.roomId, fromAlias: v.whisper.from, toAlias: v.whisper.to };

function flipBit(field: string, byteIndex = 0): string {
  const bytes = fromBase64url(field);
  bytes[byteIndex] = (bytes[byteIndex] as number) ^ 0x01;
  return toBase64url(bytes);
}

describe("sealedWhispers vectors", () => {
  it.each([v.alice, v.bob])("$alias: pub from sk, and pubMac", (m) => {
    expect(memberKeyPair(fromBase64url(m.sk)).pub).toBe(m.pub);
    expect(pubMac(macKey, v.roomId, m.alias, m.pub)).toBe(m.pubMac);
    expect(verifyPubMac(macKey, v.roomId, m.alias, m.pub, m.pubMac)).toBe(true);
  });

  it("seals the whisper to the exact envelope (given ephSk and iv)", () => {
    const sealed = sealWhisper({
      ...openCtx,
      recipientPub: v.bob.pub,
      body: v.whisper.body,
      ephemeralSecretKey: fromBase64url(v.whisper.ephSk),
      iv: fromBase64url(v.whisper.envelope.iv),
    });
    expect(sealed).toEqual(v.whisper.envelope);
    expect(sealedEnvelopeSchema.safeParse(sealed).success).toBe(true);
  });

  it("bob's secret key opens it to the body", () => {
    expect(openWhisper(bobSk(), { ...openCtx, env })).toBe(v.whisper.body);
  });

  it("a caller's ephemeral key buffer is not wiped or changed by sealing", () => {
    const eph = fromBase64url(v.whisper.ephSk);
    const copy = eph.slice();
    sealWhisper({ ...openCtx, recipientPub: v.bob.pub, body: "{}", ephemeralSecretKey: eph });
    expect(eph).toEqual(copy);
  });
});

describe("sealWhisper with fresh keys", () => {
  it("uses a fresh ephemeral key and IV each time, and round-trips", () => {
    const bob = memberKeyPair();
    const seal = () => sealWhisper({ ...openCtx, recipientPub: bob.pub, body: '{"text":"hi"}' });
    const a = seal();
    const b = seal();
    expect(a.epk).not.toBe(b.epk);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(openWhisper(bob.secretKey, { ...openCtx, env: a })).toBe('{"text":"hi"}');
    expect(openWhisper(bob.secretKey, { ...openCtx, env: b })).toBe('{"text":"hi"}');
  });

  it("refuses a recipient key that is not 32 bytes or is a low-order point", () => {
    const base = { ...openCtx, body: "{}" };
    expect(() => sealWhisper({ ...base, recipientPub: toBase64url(new Uint8Array(31)) })).toThrow(
      EnvelopeError,
    );
    expect(() => sealWhisper({ ...base, recipientPub: "not base64url!" })).toThrow(EnvelopeError);
    // u = 0 is a low-order point: the shared secret would be all zero.
    expect(() => sealWhisper({ ...base, recipientPub: toBase64url(new Uint8Array(32)) })).toThrow(
      EnvelopeError,
    );
  });
});

describe("openWhisper rejects anything not sealed to this key or changed", () => {
  it("carol's key cannot open a whisper sealed to bob (misrouted by the server)", () => {
    const carol = memberKeyPair();
    expect(() => openWhisper(carol.secretKey, { ...openCtx, env })).toThrow(EnvelopeError);
    // Even with her own alias as toAlias, as her client would use.
    expect(() => openWhisper(carol.secretKey, { ...openCtx, toAlias: "carol", env })).toThrow(EnvelopeError);
    // Alice's (the sender's) own member key cannot reopen it either.
    expect(() => openWhisper(fromBase64url(v.alice.sk), { ...openCtx, env })).toThrow(EnvelopeError);
  });

  it.each([
    ["epk", { ...env, epk: flipBit(env.epk, 5) }],
    ["epk (another valid key)", { ...env, epk: memberKeyPair().pub }],
    ["iv", { ...env, iv: flipBit(env.iv) }],
    ["ct (first byte)", { ...env, ct: flipBit(env.ct, 0) }],
    ["ct (last byte)", { ...env, ct: flipBit(env.ct, fromBase64url(env.ct).length - 1) }],
    ["ct truncated by a block", { ...env, ct: toBase64url(fromBase64url(env.ct).subarray(16)) }],
    ["mac", { ...env, mac: flipBit(env.mac, 31) }],
    ["version 1", { ...env, v: 1 as 2 }],
    ["a missing epk", { v: 2, iv: env.iv, ct: env.ct, mac: env.mac } as unknown as SealedEnvelope],
    ["a low-order epk", { ...env, epk: toBase64url(new Uint8Array(32)) }],
  ])("a changed %s", (_field, tampered) => {
    expect(() => openWhisper(bobSk(), { ...openCtx, env: tampered })).toThrow(EnvelopeError);
  });

  it.each([
    ["fromAlias", { fromAlias: "mallory" }],
    ["fromAlias (case)", { fromAlias: "Alice" }],
    ["toAlias", { toAlias: "carol" }],
    ["roomId", { roomId: "ABCDEFGHJKMNPQRS" }],
  ])("a different %s", (_field, change) => {
    expect(() => openWhisper(bobSk(), { ...openCtx, ...change, env })).toThrow(EnvelopeError);
  });

  it("a v1 room-key envelope is not a whisper", () => {
    const v1 = vectors.cases[0]?.envelope as unknown as SealedEnvelope;
    expect(() => openWhisper(bobSk(), { ...openCtx, env: v1 })).toThrow(EnvelopeError);
  });
});

describe("pubMac", () => {
  it("rejects a swapped key, a made-up mac, another alias or room, and malformed input", () => {
    const ok = (pub: unknown, mac: unknown, alias = v.bob.alias, roomId = v.roomId) =>
      verifyPubMac(macKey, roomId, alias, pub, mac);
    expect(ok(v.bob.pub, v.bob.pubMac)).toBe(true);
    const serverKey = memberKeyPair().pub;
    expect(ok(serverKey, v.bob.pubMac)).toBe(false); // key swapped, old pubMac kept
    expect(ok(serverKey, toBase64url(new Uint8Array(32).fill(7)))).toBe(false); // made-up mac
    expect(ok(v.bob.pub, flipBit(v.bob.pubMac, 31))).toBe(false);
    expect(ok(v.bob.pub, v.bob.pubMac, "alice")).toBe(false);
    expect(ok(v.bob.pub, v.bob.pubMac, "Bob")).toBe(false);
    expect(ok(v.bob.pub, v.bob.pubMac, "bob", "ABCDEFGHJKMNPQRS")).toBe(false);
    expect(ok(v.alice.pub, v.alice.pubMac)).toBe(false); // alice's key claimed for bob
    expect(ok(undefined, v.bob.pubMac)).toBe(false);
    expect(ok(v.bob.pub, undefined)).toBe(false);
    expect(ok(`${v.bob.pub}=`, v.bob.pubMac)).toBe(false);
    expect(ok(v.bob.pub, v.bob.pubMac.slice(0, 40))).toBe(false);
    // Someone with a different room MAC key cannot make a pubMac that verifies.
    const otherMac = pubMac(new Uint8Array(32).fill(1), v.roomId, "bob", serverKey);
    expect(ok(serverKey, otherMac)).toBe(false);
  });
});

describe("fingerprints", () => {
  const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){4}$/;

  it("member fingerprint: first 100 bits of SHA-256(raw pub), 5 groups of 4 Crockford base32", () => {
    const fp = fingerprint(v.bob.pub);
    expect(fp).toMatch(FORMAT);
    expect(fingerprint(fromBase64url(v.bob.pub))).toBe(fp);
    expect(fingerprint(v.alice.pub)).not.toBe(fp);
    // Independent re-computation of the format from the digest bits.
    const digest = sha256(fromBase64url(v.bob.pub));
    const bits = [...digest].map((b) => b.toString(2).padStart(8, "0")).join("");
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const symbols = Array.from(
      { length: 20 },
      (_, i) => alphabet[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)],
    );
    expect(fp).toBe([0, 1, 2, 3, 4].map((g) => symbols.slice(g * 4, g * 4 + 4).join("")).join(" "));
  });

  it("pins the values for the vector keys (computed independently with Python's hashlib/hmac)", () => {
    expect(fingerprint(v.alice.pub)).toBe("ZES3 XY80 7RPE A1DV MA9P");
    expect(fingerprint(v.bob.pub)).toBe("S3ED W60A EVXB 7NBM XXG5");
    expect(roomFingerprint(macKey)).toBe("FBWZ GMFK 6S0C P8HW 01T1");
  });

  it("rejects a key of the wrong length", () => {
    expect(() => fingerprint(new Uint8Array(31))).toThrow(RangeError);
  });

  it("room fingerprint: same format, depends on macKey, is not a plain hash of it", () => {
    const fp = roomFingerprint(macKey);
    expect(fp).toMatch(FORMAT);
    expect(roomFingerprint(macKey.slice())).toBe(fp);
    expect(roomFingerprint(new Uint8Array(32).fill(1))).not.toBe(fp);
    expect(fp).not.toBe(fingerprint(macKey)); // SHA-256(macKey) would be a direct hash of the key
  });

  it("X25519 agrees with noble's shared secret both ways (sanity)", () => {
    const a = memberKeyPair();
    const b = memberKeyPair();
    expect(x25519.getSharedSecret(a.secretKey, b.publicKey)).toEqual(
      x25519.getSharedSecret(b.secretKey, a.publicKey),
    );
  });
});
