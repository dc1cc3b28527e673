/**
 * The exact bytes a join proof covers (docs/design.md Crypto step 3). Client and server
 * both build it here so the two can never drift apart:
 * `proof = HMAC-SHA256(authKey, joinProofMessage(roomId, nonce, alias))`.
 */
export function joinProofMessage(roomId: string, nonce: string, alias: string): string {
  return `sanctuary/v1/join|${roomId}|${nonce}|${alias}`;
}
