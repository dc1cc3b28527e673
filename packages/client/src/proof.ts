import { joinProofMessage } from "@sanctuary/protocol";
import { toBase64url } from "./encoding.js";
import { hmacText } from "./mac.js";

/**
 * The join proof (docs/design.md Crypto step 3): the server's single-use nonce, the room
 * and the alias, HMAC'd with authKey. Binding the alias means a captured proof cannot
 * admit someone under another name, and the nonce means it cannot be replayed.
 *
 * @example
 * const proof = joinProof(keys.authKey, "K7QM2XZD9PWH4TNS", nonce, "alice");
 */
export function joinProof(authKey: Uint8Array, roomId: string, nonce: string, alias: string): string {
  return toBase64url(hmacText(authKey, joinProofMessage(roomId, nonce, alias)));
}
