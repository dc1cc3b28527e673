import type { Envelope } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../src/encoding.js";
import { EnvelopeError } from "../src/errors.js";
import { inviteKeys, newLinkKey, openInvite, sealInvite } from "../src/inviteSeal.js";
import vectors from "./fixtures/invite-vectors.json" with { type: "json" };

describe.each(vectors.cases)("invite vector: $roomId", (c) => {
  const linkKey = () => fromBase64url(c.linkKey);

  it("derives the envelope keys from the link key", () => {
    const keys = inviteKeys(linkKey());
    expect(toBase64url(keys.encKey)).toBe(c.encKey);
    expect(toBase64url(keys.macKey)).toBe(c.macKey);
  });

  it("seals the password to the exact envelope", () => {
    expect(sealInvite(linkKey(), c.roomId, c.password, fromBase64url(c.sealed.iv))).toEqual(c.sealed);
  });

  it("opens the envelope to the password", () => {
    expect(openInvite(linkKey(), c.roomId, c.sealed as Envelope)).toBe(c.password);
  });
});

describe("invite sealing", () => {
  const [c] = vectors.cases;
  if (!c) throw new Error("no vectors");
  const sealed = c.sealed as Envelope;

  it("uses a fresh link key and IV each time", () => {
    const a = newLinkKey();
    const b = newLinkKey();
    expect(a).toHaveLength(32);
    expect(toBase64url(a)).not.toBe(toBase64url(b));
    expect(sealInvite(a, c.roomId, "pw").iv).not.toBe(sealInvite(a, c.roomId, "pw").iv);
  });

  it("refuses another key, another room and a tampered ciphertext", () => {
    expect(() => openInvite(newLinkKey(), c.roomId, sealed)).toThrow(EnvelopeError);
    expect(() => openInvite(fromBase64url(c.linkKey), "0123456789ABCDEF", sealed)).toThrow(EnvelopeError);
    const flipped = { ...sealed, ct: `${sealed.ct.slice(0, -2)}${sealed.ct.endsWith("A") ? "B" : "A"}A` };
    expect(() => openInvite(fromBase64url(c.linkKey), c.roomId, flipped)).toThrow(EnvelopeError);
  });

  it("never puts the link key or password in the envelope", () => {
    const json = JSON.stringify(sealInvite(fromBase64url(c.linkKey), c.roomId, c.password));
    expect(json).not.toContain(c.linkKey);
    expect(json).not.toContain(c.password);
  });
});
