import type { Envelope, SealedEnvelope } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { readMessageBody, stampedBody } from "../src/body.js";
import { fromBase64url } from "../src/encoding.js";
import { type EnvelopeKind, openEnvelope, sealEnvelope } from "../src/envelope.js";
import { openWhisper, sealWhisper } from "../src/sealed.js";
import vectors from "./fixtures/message-vectors.json" with { type: "json" };

/**
 * The project's own vectors for message bodies with their stamp (F25), beside the
 * original crypto vectors (which stay as they were: the crypto did not change). Every
 * client implementation must reproduce them in both directions.
 */
const keys = { encKey: fromBase64url(vectors.keys.encKey), macKey: fromBase64url(vectors.keys.macKey) };

describe.each(vectors.cases)("message vector: $kind", (c) => {
  const ctx = { kind: c.kind as EnvelopeKind, roomId: c.roomId, fromAlias: c.alias };

  it("writes the stamp and text as the exact body", () => {
    expect(stampedBody(c.text, c.stamp)).toBe(c.body);
  });

  it("seals the body to the exact envelope", () => {
    expect(sealEnvelope(keys, { ...ctx, body: c.body, iv: fromBase64url(c.envelope.iv) })).toEqual(
      c.envelope,
    );
  });

  it("opens the envelope to the text and stamp", () => {
    const body = openEnvelope(keys, { ...ctx, env: c.envelope as Envelope });
    expect(body).toBe(c.body);
    expect(readMessageBody(body)).toEqual({ text: c.text, stamp: c.stamp });
  });
});

describe.each(vectors.whispers)("sealed whisper vector: $from to $to", (w) => {
  const ctx = { roomId: w.roomId, fromAlias: w.from, toAlias: w.to };

  it("writes the stamp and text as the exact body", () => {
    expect(stampedBody(w.text, w.stamp)).toBe(w.body);
  });

  it("seals the body to the exact envelope (given ephSk and iv)", () => {
    const sealed = sealWhisper({
      ...ctx,
      recipientPub: vectors.keys.bobPub,
      body: w.body,
      ephemeralSecretKey: fromBase64url(w.ephSk),
      iv: fromBase64url(w.envelope.iv),
    });
    expect(sealed).toEqual(w.envelope);
  });

  it("the recipient's secret key opens it to the text and stamp", () => {
    const body = openWhisper(fromBase64url(vectors.keys.bobSk), {
      ...ctx,
      env: w.envelope as SealedEnvelope,
    });
    expect(readMessageBody(body)).toEqual({ text: w.text, stamp: w.stamp });
  });
});

describe("a body without a stamp (a client from before F25)", () => {
  it("still opens to its text, with no stamp, so the receiver can drop it as outdated", () => {
    expect(readMessageBody('{"text":"old"}')).toEqual({ text: "old", stamp: undefined });
  });

  it.each([
    ["a short mid", { mid: "AAEC", sent: 1, from: "m" }],
    ["a mid that is not base64url", { mid: "AAECAwQFBgcICQoLDA0OD+", sent: 1, from: "m" }],
    ["a fractional time", { mid: "AAECAwQFBgcICQoLDA0ODw", sent: 1.5, from: "m" }],
    ["a negative time", { mid: "AAECAwQFBgcICQoLDA0ODw", sent: -1, from: "m" }],
    ["a time as text", { mid: "AAECAwQFBgcICQoLDA0ODw", sent: "1", from: "m" }],
    ["no sender", { mid: "AAECAwQFBgcICQoLDA0ODw", sent: 1 }],
    ["a long sender", { mid: "AAECAwQFBgcICQoLDA0ODw", sent: 1, from: "m".repeat(33) }],
  ])("a malformed stamp (%s) counts as none", (_what, stamp) => {
    expect(readMessageBody(JSON.stringify({ text: "x", ...stamp })).stamp).toBeUndefined();
  });
});
