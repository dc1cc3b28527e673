/**
 * @sanctuary/client — the headless Sanctuary SDK. It creates and joins rooms, seals
 * and opens every envelope, and holds the only code that can decrypt anything; the
 * server never imports it. Nothing here persists anything.
 */

export { type EnvelopeKind, type OpenInput, openEnvelope, type SealInput, sealEnvelope } from "./envelope.js";
export { EnvelopeError, SanctuaryError } from "./errors.js";
export { fileKeys, openChunk, sealChunk } from "./files/chunkCipher.js";
export type { FileTransfers, SendFileOptions } from "./files/fileTransfers.js";
export type { FileSink, IncomingTransfer } from "./files/incoming.js";
export type { FileSource, OutgoingTransfer } from "./files/outgoing.js";
export type { TransferEndReason, TransferProgress, TransferState } from "./files/transfer.js";
export {
  type CreateInviteOptions,
  createInvite,
  type OneTimeInvite,
  type RedeemInviteOptions,
  redeemInvite,
} from "./invite.js";
export { inviteKeys, openInvite, sealInvite } from "./inviteSeal.js";
export { createRoom, joinRoom } from "./join.js";
export { deriveRoomKeys, type RoomKeys } from "./kdf.js";
export { generatePassword } from "./password.js";
export { joinProof } from "./proof.js";
export {
  fingerprint,
  type MemberKeyPair,
  memberKeyPair,
  type OpenWhisperInput,
  openWhisper,
  pubMac,
  roomFingerprint,
  type SealWhisperInput,
  sealWhisper,
  verifyPubMac,
} from "./sealed.js";
export type { RoomSession } from "./session.js";
export type * from "./types.js";
