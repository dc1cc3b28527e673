import { createHash, randomBytes } from "node:crypto";
import { RESUME_TOKEN_BYTES } from "@sanctuary/protocol";

/**
 * Resume tokens (F17): 32 bytes from the CSPRNG, sent once in `room:welcome`. The
 * server keeps only SHA-256 of a token, so even a dump of its memory could not be
 * replayed as a handshake; a token is single use and a new one comes with every welcome.
 *
 * @example
 * const { token, hash } = newResumeToken();
 * await registry.setResumeHash(roomId, memberId, hash);
 * socket.emit("room:welcome", { ...welcome, resumeToken: token });
 */
export function newResumeToken(): { token: string; hash: string } {
  const token = randomBytes(RESUME_TOKEN_BYTES).toString("base64url");
  return { token, hash: hashResumeToken(token) };
}

export function hashResumeToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
