import { randomBytes } from "node:crypto";
import { threadId } from "node:worker_threads";
import type { Envelope } from "@sanctuary/protocol";

/** `bytes` random bytes as base64url. */
export const b64 = (bytes: number): string => randomBytes(bytes).toString("base64url");

/**
 * A random but well-formed message envelope (`ctBlocks` AES blocks of ciphertext): the
 * server never decrypts, so only the shape matters.
 */
export function randomEnvelope(ctBlocks = 2): Envelope {
  return { v: 1, iv: b64(16), ct: b64(16 * ctBlocks), mac: b64(32) };
}

/**
 * Envelopes for load generation, cheap to make: `ct` and `mac` come from small pools
 * of random values, and the iv is unique (thread ID, a random tag, a counter), so a
 * receipt can be matched to its message by `env.iv`. The default `ctBytes` is a
 * 200-character message: body `{"text":"…"}` ≈ 212 bytes → AES-CBC 224 bytes → 299
 * base64url characters.
 */
export function envelopeSource(ctBytes = 224): () => Envelope {
  const ctPool = Array.from({ length: 64 }, () => b64(ctBytes));
  const macPool = Array.from({ length: 64 }, () => b64(32));
  const ivBuffer = Buffer.alloc(16);
  ivBuffer.writeUInt32BE(threadId >>> 0, 0);
  randomBytes(4).copy(ivBuffer, 4);
  let counter = 0;
  const nextIv = () => {
    counter++;
    ivBuffer.writeUInt32BE(counter >>> 0, 12);
    return ivBuffer.toString("base64url");
  };
  return () => {
    const iv = nextIv();
    return {
      v: 1,
      iv,
      ct: ctPool[counter % ctPool.length] as string,
      mac: macPool[counter % macPool.length] as string,
    };
  };
}
