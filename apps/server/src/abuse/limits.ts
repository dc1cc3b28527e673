import { PACKET_OVERHEAD_BYTES } from "@sanctuary/protocol";
import type { ResolvedServerOptions } from "../config/resolve.js";
import { createAddressHasher } from "../net/addressKey.js";
import { ByteLimits } from "./byteLimits.js";
import { ConnectionLimit } from "./connectionLimit.js";
import { EventLimits } from "./eventLimits.js";
import { JoinBackoff } from "./joinBackoff.js";
import { ConnectionRoomSlots, LiveRoomShare } from "./liveRoomShare.js";
import { LookupLimit } from "./lookupLimit.js";
import { MemoryBudget } from "./memoryBudget.js";
import { RoomCreationLimit } from "./roomCreationLimit.js";
import { WriteCap } from "./writeCap.js";

/** Every abuse limit of one server, built from its options; all state is in memory. */
export interface Limits {
  /** Hashes an address for use as a key (random key per server). */
  hashAddress: (address: string) => string;
  connections: ConnectionLimit;
  events: EventLimits;
  roomCreation: RoomCreationLimit;
  lookups: LookupLimit;
  joins: JoinBackoff;
  /** Live rooms per address group (`--max-live-rooms-per-address`). */
  liveRooms: LiveRoomShare;
  /** Room namespaces per connection (`--max-rooms-per-connection`). */
  roomSlots: ConnectionRoomSlots;
  /** Per-connection cap on bytes waiting to be written (slow consumers). */
  writes: WriteCap;
  /** The overall memory budget: new work is refused above it. */
  memory: MemoryBudget;
}

/**
 * Builds the limits a server enforces.
 *
 * @example
 * const limits = createLimits(resolveServerOptions({ maxMessageRate: 20 }));
 */
export function createLimits(options: ResolvedServerOptions): Limits {
  const hashAddress = createAddressHasher();
  return {
    hashAddress,
    connections: new ConnectionLimit(options.maxConnectionsPerAddress, hashAddress),
    events: new EventLimits({
      perSocket: options.maxMessageRate,
      perAddress: options.maxAddressRate,
      hashAddress,
      bytes: byteLimits(options),
      // File chunks are paced by the relay (bytes per second, acks as backpressure,
      // F43); one that it refuses is charged as invalid.
      selfPaced: new Set(["file:chunk"]),
    }),
    roomCreation: new RoomCreationLimit(options.maxRoomsPerMinute, hashAddress),
    lookups: new LookupLimit(options.maxLookupsPerMinute, hashAddress),
    joins: new JoinBackoff({
      perAddress: options.maxJoinFailures,
      perRoomAddress: options.maxRoomJoinFailures,
      baseMs: options.joinBackoffBaseMs,
    }),
    liveRooms: new LiveRoomShare(options.maxLiveRoomsPerAddress, hashAddress),
    roomSlots: new ConnectionRoomSlots(options.maxRoomsPerConnection),
    writes: new WriteCap(options.maxSocketBufferBytes),
    memory: new MemoryBudget(options.memoryBudgetMiB * 2 ** 20),
  };
}

/** The byte rates of messages, unless turned off (0); a burst of two largest messages. */
function byteLimits(options: ResolvedServerOptions): ByteLimits | undefined {
  const {
    messageByteRateKiB: perSocket,
    messageAddressByteRateKiB: perAddress,
    roomByteRateKiB: perRoom,
  } = options;
  if (perSocket === 0 && perAddress === 0 && perRoom === 0) return undefined;
  // A rate of 0 turns that bucket off: it is then never the one that refuses.
  const unlimited = Number.MAX_SAFE_INTEGER / 4;
  return new ByteLimits({
    perSocket: perSocket === 0 ? unlimited : perSocket * 1024,
    perAddress: perAddress === 0 ? unlimited : perAddress * 1024,
    perRoom: perRoom === 0 ? unlimited : perRoom * 1024,
    burst: 2 * (options.messageCtMaxChars + PACKET_OVERHEAD_BYTES),
  });
}
