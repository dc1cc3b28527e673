import { describe, expect, it } from "vitest";
import {
  INVITE_CT_MAX_CHARS,
  inviteCreatedSchema,
  inviteCreateSchema,
  inviteOpenedSchema,
  inviteOpenSchema,
  lobbyProtocol,
} from "../src/index.js";

const sealed = {
  v: 1,
  iv: "8PHy8_T19vf4-fr7_P3-_w",
  ct: "6gW0JPBbXnlftdxMEcj_gBZInM4ZnytFHFwMWaclqt4",
  mac: "cFEAwlJQDDLGXzidyEZq7RZFRJAP5vA4d9z6D2sC8do",
};
const roomId = "K7QM2XZD9PWH4TNS";
const inviteId = "AAECAwQFBgcICQoLDA0ODw";

describe("one-time invite schemas (F30)", () => {
  it("are lobby requests", () => {
    expect(Object.keys(lobbyProtocol.toServer)).toEqual(
      expect.arrayContaining(["invite:create", "invite:open"]),
    );
  });

  it("accept a sealed password for a room and an ID to fetch it by", () => {
    expect(inviteCreateSchema.safeParse({ roomId, sealed }).success).toBe(true);
    expect(inviteCreatedSchema.safeParse({ inviteId, expiresAt: 1_700_000_000_000 }).success).toBe(true);
    expect(inviteOpenSchema.safeParse({ roomId, inviteId }).success).toBe(true);
    expect(inviteOpenedSchema.safeParse({ sealed }).success).toBe(true);
  });

  it("refuse a link key or password next to the ciphertext, and anything unbounded", () => {
    expect(inviteCreateSchema.safeParse({ roomId, sealed, linkKey: sealed.mac }).success).toBe(false);
    expect(inviteCreateSchema.safeParse({ roomId, sealed, password: "hunter2" }).success).toBe(false);
    expect(inviteCreateSchema.safeParse({ roomId, sealed: { ...sealed, extra: 1 } }).success).toBe(false);
    const huge = "A".repeat(INVITE_CT_MAX_CHARS + 64);
    expect(inviteCreateSchema.safeParse({ roomId, sealed: { ...sealed, ct: huge } }).success).toBe(false);
    expect(inviteCreateSchema.safeParse({ roomId: "nope", sealed }).success).toBe(false);
  });

  it("refuse invite IDs of the wrong length or alphabet", () => {
    expect(inviteOpenSchema.safeParse({ roomId, inviteId: "short" }).success).toBe(false);
    expect(inviteOpenSchema.safeParse({ roomId, inviteId: `${inviteId}A` }).success).toBe(false);
    expect(inviteOpenSchema.safeParse({ roomId, inviteId: "AAECAwQFBgcICQoLDA0OD+" }).success).toBe(false);
  });
});
