import type { Envelope, SealedEnvelope, WhisperEnvelope } from "@sanctuary/protocol";
import { FAREWELL_MAX_CHARS, MESSAGE_BODY_MAX_BYTES } from "@sanctuary/protocol";
import { nameBody, readMessageBody, readNameBody, type Stamp, stampedBody } from "./body.js";
import { utf8Encode } from "./encoding.js";
import { openEnvelope, sealEnvelope } from "./envelope.js";
import { SanctuaryError } from "./errors.js";
import { type RoomKeys, wipeRoomKeys } from "./kdf.js";
import { joinProof } from "./proof.js";
import {
  fingerprint,
  type MemberKeyPair,
  openWhisper,
  pubMac,
  roomFingerprint,
  sealWhisper,
  wipeMemberKeyPair,
} from "./sealed.js";

/**
 * The room a `meta` envelope is sealed for. The room name is sealed before the server
 * has assigned the room ID (it travels inside `room:create`), so `meta` uses "" for
 * the room as it already does for the sender. Nothing is lost: every room has its own
 * random salt and therefore its own keys, so a name cannot be moved to another room.
 */
const META_ROOM_ID = "";

/** Seals a room name as the `meta` envelope of `room:create`. */
export function sealRoomName(keys: RoomKeys, name: string): Envelope {
  return sealEnvelope(keys, { kind: "meta", roomId: META_ROOM_ID, fromAlias: "", body: nameBody(name) });
}

/** Why a whisper could not be opened (see `DroppedEvent.reason`). */
export type WhisperFailure = "unreadable" | "unsealed";

/** A body that opened: its text and, unless an older client sealed it, its stamp (F25). */
export interface OpenedBody {
  text: string;
  stamp: Stamp | undefined;
}

/**
 * One session's keys and everything done with them: sealing and opening messages,
 * whispers, farewells and the room name. The keys live here only, and `wipe` zeroes
 * them; after that every seal fails with CLOSED and every open yields nothing.
 */
export class RoomCipher {
  /** Fingerprint of the room key, the same for everyone who derived it. */
  readonly roomFingerprint: string;
  /** Fingerprint of this member's own whisper key. */
  readonly yourFingerprint: string;
  /** This member's own whisper public key, as announced. */
  readonly ownPub: string;
  /** The room MAC key, for checking members' keys (zeroed by `wipe`). */
  readonly macKey: Uint8Array;
  private keys: RoomKeys | null;
  private own: MemberKeyPair | null;

  constructor(
    private readonly roomId: string,
    keys: RoomKeys,
    own: MemberKeyPair,
  ) {
    this.keys = keys;
    this.own = own;
    this.macKey = keys.macKey;
    this.ownPub = own.pub;
    this.roomFingerprint = roomFingerprint(keys.macKey);
    this.yourFingerprint = fingerprint(own.publicKey);
  }

  /** Seals a message for everyone, with its stamp, after the size check. */
  sealMessage(fromAlias: string, text: string, stamp: Stamp): Envelope {
    const body = checkedTextBody(text, stamp);
    return sealEnvelope(this.requireKeys(), { kind: "msg", roomId: this.roomId, fromAlias, body });
  }

  /** Seals a farewell with its stamp; one over FAREWELL_MAX_CHARS is refused (TOO_LARGE). */
  sealFarewell(fromAlias: string, text: string, stamp: Stamp): Envelope {
    const keys = this.requireKeys();
    if ([...text].length > FAREWELL_MAX_CHARS) {
      throw new SanctuaryError("TOO_LARGE", `A farewell is at most ${FAREWELL_MAX_CHARS} characters.`);
    }
    const body = stampedBody(text, stamp);
    return sealEnvelope(keys, { kind: "farewell", roomId: this.roomId, fromAlias, body });
  }

  /**
   * Seals a whisper to a recipient's verified X25519 key (docs/design.md Crypto step 6):
   * only that member can open it, whoever the server hands it to.
   */
  sealWhisper(
    fromAlias: string,
    to: { alias: string; pub: string },
    text: string,
    stamp: Stamp,
  ): SealedEnvelope {
    this.requireKeys();
    const body = checkedTextBody(text, stamp);
    try {
      return sealWhisper({ roomId: this.roomId, fromAlias, toAlias: to.alias, recipientPub: to.pub, body });
    } catch {
      // A key that verified but is unusable (a low-order point): its owner made it so.
      throw new SanctuaryError("UNVERIFIED_KEY", `${to.alias}'s key cannot be used for a whisper.`);
    }
  }

  /**
   * Opens a message or farewell; undefined when it fails its MAC or does not decrypt.
   * Whether its stamp may be shown is the caller's check (`ReplayGuard`).
   */
  openText(kind: "msg" | "farewell", env: Envelope, fromAlias: string): OpenedBody | undefined {
    const keys = this.keys;
    if (!keys) return undefined;
    try {
      return readMessageBody(openEnvelope(keys, { kind, roomId: this.roomId, fromAlias, env }));
    } catch {
      return undefined;
    }
  }

  /**
   * Opens a whisper with this member's secret key. Only sealed (v2) whispers are
   * accepted: a v1 one under the room key is `unsealed`, one that does not open here
   * `unreadable`.
   */
  openWhisper(
    env: WhisperEnvelope,
    fromAlias: string,
    toAlias: string,
  ): OpenedBody | { failure: WhisperFailure } {
    const own = this.own;
    if (!own) return { failure: "unreadable" };
    if (env.v !== 2) return { failure: "unsealed" };
    try {
      const body = openWhisper(
        own.secretKey,
        { roomId: this.roomId, fromAlias, toAlias, env },
        own.publicKey,
      );
      return readMessageBody(body);
    } catch {
      return { failure: "unreadable" };
    }
  }

  /** The decrypted room name, or undefined when it does not verify. */
  openRoomName(env: Envelope): string | undefined {
    const keys = this.keys;
    if (!keys) return undefined;
    try {
      return readNameBody(openEnvelope(keys, { kind: "meta", roomId: META_ROOM_ID, fromAlias: "", env }));
    } catch {
      return undefined;
    }
  }

  /**
   * The handshake of a new join into this room with the keys held since the first one
   * (F26): the proof for a fresh challenge `nonce`, and this member's whisper key bound
   * to `alias` (which may differ from the first alias when that one was taken).
   */
  joinAuth(nonce: string, alias: string): Record<string, string> {
    const keys = this.requireKeys();
    const own = this.own;
    if (!own) throw new SanctuaryError("CLOSED", "This session has ended.");
    return {
      alias,
      nonce,
      proof: joinProof(keys.authKey, this.roomId, nonce, alias),
      pub: own.pub,
      pubMac: pubMac(keys.macKey, this.roomId, alias, own.pub),
    };
  }

  /**
   * Seals a file offer's body (F42): under the room key, or, for a whispered file, to
   * the recipient's verified key like a whisper. The body's `file` field keeps it from
   * ever opening as a message.
   */
  sealFileOffer(
    fromAlias: string,
    body: string,
    to?: { alias: string; pub: string },
  ): Envelope | SealedEnvelope {
    const keys = this.requireKeys();
    if (!to) return sealEnvelope(keys, { kind: "file", roomId: this.roomId, fromAlias, body });
    try {
      return sealWhisper({ roomId: this.roomId, fromAlias, toAlias: to.alias, recipientPub: to.pub, body });
    } catch {
      throw new SanctuaryError("UNVERIFIED_KEY", `${to.alias}'s key cannot be used for a file.`);
    }
  }

  /** Opens a file offer's body; undefined when it does not verify (`toAlias` for a whispered one). */
  openFileOffer(env: Envelope | SealedEnvelope, fromAlias: string, toAlias?: string): string | undefined {
    try {
      if (env.v === 1 && toAlias === undefined && this.keys) {
        return openEnvelope(this.keys, { kind: "file", roomId: this.roomId, fromAlias, env });
      }
      if (env.v === 2 && toAlias !== undefined && this.own) {
        const input = { roomId: this.roomId, fromAlias, toAlias, env };
        return openWhisper(this.own.secretKey, input, this.own.publicKey);
      }
    } catch {
      // Fails its MAC or does not decrypt: the caller drops it.
    }
    return undefined;
  }

  /** Zeroes every key; the cipher is useless afterwards. */
  wipe(): void {
    if (this.keys) wipeRoomKeys(this.keys);
    this.keys = null;
    if (this.own) wipeMemberKeyPair(this.own);
    this.own = null;
  }

  private requireKeys(): RoomKeys {
    if (!this.keys) throw new SanctuaryError("CLOSED", "This session has ended.");
    return this.keys;
  }
}

/**
 * The JSON body of a text with its stamp, refused when over the limit (UTF-8 bytes of
 * the JSON body, stamp included).
 * The cap is the whole message budget, MESSAGE_BODY_MAX_BYTES: formatted text
 * (TEXT_MAX_BYTES) plus embedded pictures (IMAGE_MAX_BYTES), which travel inside the
 * text as `data:` URIs. How that budget splits between words and pictures is the
 * composer's business; the SDK only guarantees that what it seals, the server admits.
 */
function checkedTextBody(text: string, stamp: Stamp): string {
  if (typeof text !== "string") throw new SanctuaryError("BAD_INPUT", "A message must be text.");
  const body = stampedBody(text, stamp);
  if (utf8Encode(body).length > MESSAGE_BODY_MAX_BYTES) {
    throw new SanctuaryError(
      "TOO_LARGE",
      `A message is at most ${Math.floor(MESSAGE_BODY_MAX_BYTES / 1024)} KiB, text and pictures together.`,
    );
  }
  return body;
}
