import { randomBytes, randomFillSync } from "node:crypto";
import { roomIdFromBytes } from "@sanctuary/protocol";

/** A fresh room ID: 80 bits from the CSPRNG in Crockford base32. */
export function newRoomId(): string {
  return roomIdFromBytes(randomBytes(10));
}

/** An opaque member ID (96 random bits); deliberately unrelated to the socket ID. */
export function newMemberId(): string {
  return randomBytes(12).toString("base64url");
}

const MESSAGE_ID_BYTES = 12;
/** Random bytes for 256 message IDs, drawn from the CSPRNG in one call. */
const idPool = Buffer.alloc(MESSAGE_ID_BYTES * 256);
let idOffset = idPool.length;

/**
 * A message or whisper ID: 96 random bits, base64url, as before, but taken from a pool
 * refilled with one CSPRNG call per 256 IDs instead of one call per message (the
 * per-call overhead showed in the server's profile under load). Not a counter: IDs are
 * seen by every member of a room, and consecutive numbers from one server-wide counter
 * would tell them how many messages the other rooms exchanged in between.
 */
export function newMessageId(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const id = idPool.toString("base64url", idOffset, idOffset + MESSAGE_ID_BYTES);
  idOffset += MESSAGE_ID_BYTES;
  return id;
}

/** A single-use join challenge: 16 random bytes, base64url. */
export function newNonce(): string {
  return randomBytes(16).toString("base64url");
}
