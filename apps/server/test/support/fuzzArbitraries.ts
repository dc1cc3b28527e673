import { KDF_DEFAULT, lobbyEventSchemas, roomEventSchemas } from "@sanctuary/protocol";
import fc from "fast-check";
import { b64, envelope } from "../helpers.js";

/**
 * The junk the fuzz test (fuzz.test.ts) throws at the server: malformed payloads,
 * Socket.IO events, raw Engine.IO/Socket.IO frames and handshakes, as fast-check
 * arbitraries.
 */

export const RESERVED = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);

/** Arrays nested `depth` deep: `[[[…]]]`. */
export function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Strings up to 64 KB. Packets past MAX_PACKET_BYTES close the connection, so they get
 * their own step below instead of cutting batches short.
 */
export const hugeString = fc.integer({ min: 1_000, max: 64_000 }).map((n) => "A".repeat(n));

export const binary = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc.uint8Array({ maxLength: 256 }),
);

/** Realistic payloads with one field replaced by junk: the cases closest to passing. */
export function nearMiss(junk: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const env = envelope();
  const good: Record<string, unknown>[] = [
    { env },
    { to: "AAAAAAAAAAAAAAAA", env },
    { id: "AAAAAAAAAAAAAAAA" },
    { locked: true },
    { farewell: envelope(1) },
    { on: true },
    { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey: b64(32) },
    { roomId: "0123456789ABCDEF" },
  ];
  return fc.tuple(fc.constantFrom(...good), fc.string({ maxLength: 12 }), junk).map(([base, key, value]) => {
    const keys = Object.keys(base);
    const target = keys.length > 0 && key.length % 2 === 0 ? (keys[key.length % keys.length] ?? key) : key;
    return { ...base, [target]: value };
  });
}

export const leaf = fc.oneof(
  fc.anything({ maxDepth: 3, withTypedArray: true, withSparseArray: true, withUnicodeString: true }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 200, unit: "binary" }),
  hugeString,
  fc.integer({ min: 50, max: 300 }).map(nested),
  binary,
);
export const junkValue = fc.oneof(leaf, nearMiss(leaf));

export const lobbyEvents = Object.keys(lobbyEventSchemas);
export const roomEvents = Object.keys(roomEventSchemas);
/** Room events that take an ack (`typing` takes none: an ack sent with it is never called). */
export const ackedRoomEvents = roomEvents.filter((e) => e !== "typing");

export interface FuzzPacket {
  event: string;
  args: unknown[];
  withAck: boolean;
}

export function packetArb(known: string[]): fc.Arbitrary<FuzzPacket> {
  return fc.record({
    event: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known, ...lobbyEvents, ...roomEvents) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter((e) => !RESERVED.has(e)) },
    ),
    args: fc.array(junkValue, { maxLength: 3 }),
    withAck: fc.boolean(),
  });
}

/** Raw text and binary frames for a bare WebSocket, Engine.IO and Socket.IO syntax mixed. */
export const rawFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ maxLength: 300, unit: "binary" }),
  fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "40", "41", "42", "43", "44", "45", "46", "4x", ""),
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.jsonValue({ maxDepth: 3 }))
    .map(([t, v]) => `4${t}${JSON.stringify(v)}`),
  fc
    .tuple(
      fc.constantFrom("/", "/r/0123456789ABCDEF", "/admin", "/r/"),
      fc.nat(),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map(([nsp, id, v]) => `42${nsp},${id}${JSON.stringify(["room:lookup", v])}`),
  fc.tuple(fc.constantFrom(...lobbyEvents, "x"), junkValue).map(([e, v]) => {
    try {
      return `42${JSON.stringify([e, v])}`;
    } catch {
      return "42[";
    }
  }),
  fc.integer({ min: 0, max: 5 }).map((n) => `45${n}-["room:lookup",{"_placeholder":true,"num":${n * 7}}]`),
  fc.integer({ min: 10, max: 50_000 }).map((d) => `42${"[".repeat(d)}${"]".repeat(d)}`),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `42["room:lookup","${"a".repeat(n)}"]`),
  binary.map((b) => Buffer.from(b)),
);

/** Namespaces and auth for handshakes that must all be refused. */
export const badHandshake = fc.record({
  nsp: fc.oneof(
    { weight: 3, arbitrary: fc.constant("honest") },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((s) => `/${s}`) },
    { weight: 1, arbitrary: fc.constant("/r/0123456789ABCDEF") },
  ),
  auth: fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.record({ alias: fc.string({ maxLength: 40 }), nonce: fc.string(), proof: fc.string() }),
    fc.constant("wrong-proof"),
  ),
});
