import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * What the nodes of a cluster share and Redis never sees: a key derived from the
 * operator's `--redis-key` secret. Aliases, public keys, verifier keys, room names and
 * bar salts are sealed with it (AES-256-GCM, bound to their room) before they are
 * written to Redis, and aliases are compared through an HMAC under it, so a copy of
 * Redis's memory holds no alias and nothing that admits anyone to a room.
 *
 * @example
 * const seal = new Sealer("a long random secret shared by every node");
 * const blob = seal.seal(roomId, { alias: "alice" });
 * seal.open(roomId, blob); // { alias: "alice" }
 */
export class Sealer {
  readonly #encKey: Buffer;
  readonly #tagKey: Buffer;

  constructor(secret: string) {
    const ikm = Buffer.from(secret, "utf8");
    this.#encKey = Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), "sanctuary/v1/redis-seal", 32));
    this.#tagKey = Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), "sanctuary/v1/redis-tag", 32));
  }

  /** JSON-encodes `value` and encrypts it for `roomId`: base64url(iv ‖ tag ‖ ciphertext). */
  seal(roomId: string, value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#encKey, iv);
    cipher.setAAD(Buffer.from(roomId, "utf8"));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url");
  }

  /** The value sealed for `roomId`; throws when the blob was made for another room or key. */
  open<T>(roomId: string, blob: string): T {
    const raw = Buffer.from(blob, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.#encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(roomId, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  }

  /** A keyed, per-room tag of `value` (an alias key): equal inputs give equal tags, nothing else. */
  tag(roomId: string, value: string): string {
    return createHmac("sha256", this.#tagKey).update(`${roomId}\u0000${value}`).digest("base64url");
  }
}
