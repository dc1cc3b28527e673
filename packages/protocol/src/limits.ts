/**
 * Every size, count and bound the wire protocol enforces. The server checks them on
 * every inbound payload; the client checks the plaintext side before encrypting so a
 * person learns about a limit before anything is sent.
 */

/** Bytes of a 16-byte value (salt, IV, nonce) and a 32-byte value (keys, MACs). */
export const SHORT_BYTES = 16;
export const KEY_BYTES = 32;

/** base64url length without padding for `n` bytes. */
export function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** AES-CBC with PKCS#7 always adds 1..16 bytes of padding. */
function cbcCiphertextBytes(plainBytes: number): number {
  return (Math.floor(plainBytes / 16) + 1) * 16;
}

/** Argon2id parameters: the design's minimum, and at most 4x each. */
export const KDF_MIN = { m: 19456, t: 2, p: 1 } as const;
export const KDF_MAX = { m: 19456 * 4, t: 2 * 4, p: 1 * 4 } as const;
export const KDF_DEFAULT = { alg: "argon2id", m: 19456, t: 2, p: 1 } as const;

export const ROOM_ID_LENGTH = 16;
export const ALIAS_MAX_CHARS = 32;
/** Raw alias input is capped before normalisation so normalising is cheap. */
export const ALIAS_RAW_MAX_CHARS = 64;
export const ROOM_NAME_MAX_CHARS = 64;
export const FAREWELL_MAX_CHARS = 280;

/** Plaintext caps on the message body: formatted text, and an embedded image. */
export const TEXT_MAX_BYTES = 16 * 1024;
export const IMAGE_MAX_BYTES = 256 * 1024;
/** JSON framing around text and image inside a body. */
const BODY_OVERHEAD_BYTES = 256;

/** The largest message body (plaintext JSON) for the given text and image caps. */
export function messageBodyMaxBytes(textBytes: number, imageBytes: number): number {
  return textBytes + imageBytes + BODY_OVERHEAD_BYTES;
}

/**
 * The longest message envelope `ct` (base64url chars) for the given plaintext caps: the
 * body encrypted with AES-CBC, then encoded. A server configured with lower caps than
 * `TEXT_MAX_BYTES`/`IMAGE_MAX_BYTES` bounds envelopes with this.
 */
export function messageCtMaxChars(textBytes: number, imageBytes: number): number {
  return base64urlLength(cbcCiphertextBytes(messageBodyMaxBytes(textBytes, imageBytes)));
}

export const MESSAGE_BODY_MAX_BYTES = messageBodyMaxBytes(TEXT_MAX_BYTES, IMAGE_MAX_BYTES);
export const MESSAGE_CT_MAX_CHARS = messageCtMaxChars(TEXT_MAX_BYTES, IMAGE_MAX_BYTES);
/** Room name and farewell bodies: 4 UTF-8 bytes per char worst case, plus JSON. */
export const META_CT_MAX_CHARS = base64urlLength(
  cbcCiphertextBytes(ROOM_NAME_MAX_CHARS * 4 + BODY_OVERHEAD_BYTES),
);
export const FAREWELL_CT_MAX_CHARS = base64urlLength(
  cbcCiphertextBytes(FAREWELL_MAX_CHARS * 4 + BODY_OVERHEAD_BYTES),
);

/**
 * Socket.IO's `maxHttpBufferSize`: just above the largest legal packet (a whisper
 * envelope plus event name, ids and JSON framing), far below the 1 MB default.
 */
export const PACKET_OVERHEAD_BYTES = 4096;
export const MAX_PACKET_BYTES = MESSAGE_CT_MAX_CHARS + PACKET_OVERHEAD_BYTES;

/**
 * `maxHttpBufferSize` for a server whose message envelopes are at most `ctMaxChars`:
 * just above the largest legal packet, which is then a message, a whisper or (with
 * very low caps) a farewell, and never above `MAX_PACKET_BYTES`.
 */
export function maxPacketBytes(ctMaxChars: number): number {
  const largest = Math.max(ctMaxChars, FAREWELL_CT_MAX_CHARS, META_CT_MAX_CHARS);
  return Math.min(largest + PACKET_OVERHEAD_BYTES, MAX_PACKET_BYTES);
}

/** Self-destruct choices offered at creation, in seconds (the server may cap them). */
export const LIFETIME_MIN_SECONDS = 15 * 60;
export const LIFETIME_MAX_SECONDS = 24 * 60 * 60;
export const LIFETIME_CHOICES_SECONDS = [15 * 60, 60 * 60, 24 * 60 * 60] as const;

/** A join nonce is single use and dies after this long. */
export const NONCE_TTL_MS = 60_000;

/**
 * Resume after a network blip (F17). A member whose connection drops without leaving
 * stays seated but "away" this long (by default: servers may change it, and tell the
 * client in its welcome); a handshake with the resume token from its last welcome takes
 * the seat back. Tokens are `RESUME_TOKEN_BYTES` random bytes, single use.
 */
export const DEFAULT_RESUME_WINDOW_SECONDS = 30;
export const RESUME_TOKEN_BYTES = 32;

/**
 * Abuse limits (docs/security.md) the server applies with fixed values; the configurable ones
 * (rates, connections, join failures) are `sanctuary` options, whose defaults live in
 * the server's option table. Events are counted per socket and per address over a short
 * window, so a burst is fine and a sustained flood is not.
 */
export const RATE_WINDOW_SECONDS = 10;
/** Rate-limit points a payload failing its schema costs (a valid event costs 1). */
export const INVALID_PAYLOAD_COST = 5;
/** Refused events within one window after which the connection is closed. */
export const RATE_LIMIT_STRIKES = 20;
/** The first wait after too many failures; each further failure doubles it, up to the max. */
export const JOIN_BACKOFF_BASE_MS = 2_000;
export const JOIN_BACKOFF_MAX_MS = 15 * 60_000;
/** Failures are forgotten once this long has passed since the last one. */
export const JOIN_FAILURE_MEMORY_MS = 30 * 60_000;
/** The room hears of failed joins at this count, then each time the count doubles. */
export const JOIN_FAILURE_NOTICE_AFTER = 5;

/**
 * One-time invite links (F30). The page seals the room password under a random link
 * key; the server holds only that ciphertext, under a random ID, for one fetch and at
 * most the invite lifetime (`--invite-ttl`). Bounded per room and per server so invites
 * cannot grow memory.
 */
export const INVITE_ID_BYTES = 16;
export const INVITE_LINK_KEY_BYTES = 32;
/** The sealed body (`{"password": …}` as JSON) is at most this many UTF-8 bytes. */
export const INVITE_BODY_MAX_BYTES = 2048;
export const INVITE_CT_MAX_CHARS = base64urlLength(cbcCiphertextBytes(INVITE_BODY_MAX_BYTES));
export const INVITES_PER_ROOM_MAX = 20;
export const INVITES_TOTAL_MAX = 10_000;
export const DEFAULT_INVITE_TTL_MINUTES = 10;

/*
 * Knocking (F34–F36, docs/protocol.md "Knocking"): a join into a locked room, or from an
 * address group barred by a kick, asks the owner instead of being refused.
 */
/** How long a knock waits for the owner's answer before it expires. */
export const KNOCK_TIMEOUT_MS = 60_000;
/** How long an admitted knocker's ticket stays good for its one join. */
export const KNOCK_TICKET_TTL_MS = 60_000;
/** Random bytes of a knock ticket (the server keeps only their SHA-256). */
export const KNOCK_TICKET_BYTES = 32;
/** Random bytes of a knock's ID. */
export const KNOCK_ID_BYTES = 16;
/** Knocks waiting at once in one room, and from one address group in one room. */
export const KNOCKS_PER_ROOM_MAX = 5;
export const KNOCKS_PER_GROUP_MAX = 2;

/*
 * Attachments (F42–F45): files streamed through the relay in encrypted chunks. A chunk
 * on the wire is `iv (16) ‖ AES-256-CBC ciphertext ‖ HMAC-SHA256 (32)` of at most
 * `FILE_CHUNK_BYTES` plaintext; the offer's sealed body carries the name, type and key.
 */
/** Plaintext bytes per chunk (the last one may be shorter, and an empty file has one empty chunk). */
export const FILE_CHUNK_BYTES = 64 * 1024;
/** The largest chunk on the wire: IV, the padded ciphertext of a full chunk, MAC. */
export const FILE_CHUNK_WIRE_MAX_BYTES = SHORT_BYTES + cbcCiphertextBytes(FILE_CHUNK_BYTES) + KEY_BYTES;
/** The smallest chunk on the wire: IV, one block, MAC. */
export const FILE_CHUNK_WIRE_MIN_BYTES = SHORT_BYTES + 16 + KEY_BYTES;
/** The protocol's ceiling on a file; servers default lower (`--max-file-size`). */
export const FILE_MAX_BYTES = 4 * 2 ** 30;
/** A file name in the sealed offer, in characters. */
export const FILE_NAME_MAX_CHARS = 255;
/** A MIME type in the sealed offer, in characters. */
export const FILE_TYPE_MAX_CHARS = 127;
/** The sealed offer body: name, type, key, sizes and stamp, 4 UTF-8 bytes per char worst case. */
export const FILE_META_CT_MAX_CHARS = base64urlLength(
  cbcCiphertextBytes((FILE_NAME_MAX_CHARS + FILE_TYPE_MAX_CHARS) * 4 + 512),
);
/** A transfer ID: 16 random bytes from the sender, base64url. */
export const TRANSFER_ID_BYTES = 16;

/** The packet cap a server that relays files needs: one chunk and its framing. */
export const FILE_CHUNK_PACKET_BYTES = FILE_CHUNK_WIRE_MAX_BYTES + PACKET_OVERHEAD_BYTES;

/** How many chunks carry `bytes` of plaintext (an empty file is one empty chunk). */
export function fileChunkCount(bytes: number, chunkBytes: number = FILE_CHUNK_BYTES): number {
  return Math.max(1, Math.ceil(bytes / chunkBytes));
}
