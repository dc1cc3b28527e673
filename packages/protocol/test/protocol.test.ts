import { describe, expect, it } from "vitest";
import {
  aliasKey,
  formatRoomId,
  joinAuthSchema,
  MAX_PACKET_BYTES,
  msgSendSchema,
  normalizeAlias,
  parseRoomId,
  RESUME_TOKEN_BYTES,
  roomAuthSchema,
  roomCreateSchema,
  roomIdFromBytes,
} from "../src/index.js";

const env = {
  v: 1,
  iv: "8PHy8_T19vf4-fr7_P3-_w",
  ct: "6gW0JPBbXnlftdxMEcj_gBZInM4ZnytFHFwMWaclqt4",
  mac: "cFEAwlJQDDLGXzidyEZq7RZFRJAP5vA4d9z6D2sC8do",
};

describe("room IDs", () => {
  it("carry 80 bits as 16 Crockford characters shown in groups of four", () => {
    const id = roomIdFromBytes(new Uint8Array(10).fill(255));
    expect(id).toBe("ZZZZZZZZZZZZZZZZ");
    expect(roomIdFromBytes(new Uint8Array(10))).toBe("0000000000000000");
    expect(formatRoomId("K7QM2XZD9PWH4TNS")).toBe("K7QM-2XZD-9PWH-4TNS");
  });
  it("parse what people type, with Crockford's forgiving letters", () => {
    expect(parseRoomId("k7qm-2xzd 9pwh-4tns")).toBe("K7QM2XZD9PWH4TNS");
    expect(parseRoomId("oooo iiii llll 0000")).toBe("0000111111110000");
    expect(parseRoomId("K7QM2XZD9PWH4TN")).toBeNull();
    expect(parseRoomId("K7QM2XZD9PWH4TNU")).toBeNull();
  });
});

describe("aliases", () => {
  it("fold compatibility forms and drop invisible and bidi characters", () => {
    expect(normalizeAlias("ａｌｉｃｅ")).toBe("alice");
    expect(normalizeAlias("al\u200Bice\u202E")).toBe("alice");
    expect(normalizeAlias("  bob \u2060  the\tbuilder ")).toBe("bob the builder");
    expect(normalizeAlias("\u200B\u200D")).toBe("");
  });
  it("compare case-insensitively", () => {
    expect(aliasKey("Alice")).toBe(aliasKey("ALICE"));
    expect(aliasKey("Ａlice")).toBe(aliasKey("alice"));
  });
});

describe("schemas", () => {
  it("accept the design's payloads", () => {
    expect(msgSendSchema.safeParse({ env }).success).toBe(true);
    expect(
      roomCreateSchema.safeParse({
        salt: "AAECAwQFBgcICQoLDA0ODw",
        kdf: { alg: "argon2id", m: 19456, t: 2, p: 1 },
        authKey: "x7W_L7-oT93WwYkW3t3uSDZQrvSoMp3cZirNi3zPyL4",
      }).success,
    ).toBe(true);
  });
  it("refuse extra keys, prototype keys, weak KDFs and broken ciphertext", () => {
    expect(msgSendSchema.safeParse({ env, extra: 1 }).success).toBe(false);
    expect(
      msgSendSchema.safeParse(JSON.parse(`{"env": ${JSON.stringify(env)}, "__proto__": {"x": 1}}`)).success,
    ).toBe(false);
    expect(msgSendSchema.safeParse({ env: { ...env, ct: `${env.ct}A` } }).success).toBe(false);
    expect(msgSendSchema.safeParse({ env: { ...env, iv: "short" } }).success).toBe(false);
    const weak = {
      salt: "AAECAwQFBgcICQoLDA0ODw",
      kdf: { alg: "argon2id", m: 1024, t: 1, p: 1 },
      authKey: env.mac,
    };
    expect(roomCreateSchema.safeParse(weak).success).toBe(false);
    const strong = { ...weak, kdf: { alg: "argon2id", m: 19456 * 5, t: 2, p: 1 } };
    expect(roomCreateSchema.safeParse(strong).success).toBe(false);
  });
  it("refuse aliases that are not in canonical form", () => {
    const auth = { nonce: "AAECAwQFBgcICQoLDA0ODw", proof: env.mac };
    expect(joinAuthSchema.safeParse({ ...auth, alias: "alice" }).success).toBe(true);
    expect(joinAuthSchema.safeParse({ ...auth, alias: " alice" }).success).toBe(false);
    expect(joinAuthSchema.safeParse({ ...auth, alias: "al\u200Bice" }).success).toBe(false);
    expect(joinAuthSchema.safeParse({ ...auth, alias: "x".repeat(33) }).success).toBe(false);
  });
  it("accept a room handshake as a join proof or a resume token, never a mix", () => {
    const join = { alias: "alice", nonce: "AAECAwQFBgcICQoLDA0ODw", proof: env.mac };
    const resume = { resume: env.mac };
    expect(env.mac).toHaveLength(Math.ceil((RESUME_TOKEN_BYTES * 4) / 3));
    expect(roomAuthSchema.safeParse(join).success).toBe(true);
    expect(roomAuthSchema.safeParse(resume).success).toBe(true);
    expect(roomAuthSchema.safeParse({ ...join, ...resume }).success).toBe(false);
    expect(roomAuthSchema.safeParse({ resume: env.iv }).success).toBe(false);
    expect(roomAuthSchema.safeParse({ resume: `${env.mac.slice(1)}+` }).success).toBe(false);
    expect(roomAuthSchema.safeParse({}).success).toBe(false);
  });
  it("keep the packet limit well below Socket.IO's 1 MB default", () => {
    expect(MAX_PACKET_BYTES).toBeLessThan(1_000_000);
    expect(MAX_PACKET_BYTES).toBeGreaterThan(256 * 1024);
  });
});
