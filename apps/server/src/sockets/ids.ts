import { randomBytes } from "node:crypto";
import { roomIdFromBytes } from "@sanctuary/protocol";

/** A fresh room ID: 80 bits from the CSPRNG in Crockford base32. */
export function newRoomId(): string {
  return roomIdFromBytes(randomBytes(10));
}

/** An opaque member ID (96 random bits); deliberately unrelated to the socket ID. */
export function newMemberId(): string {
  return randomBytes(12).toString("base64url");
}

/** A message or whisper ID. */
export function newMessageId(): string {
  return randomBytes(12).toString("base64url");
}

/** A single-use join challenge: 16 random bytes, base64url. */
export function newNonce(): string {
  return randomBytes(16).toString("base64url");
}
