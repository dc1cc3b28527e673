export { RedisCluster, type RedisClusterOptions, RedisUnavailableError } from "./cluster/redisCluster.js";
export { RedisRoomRegistry } from "./cluster/redisRoomRegistry.js";
export { createServer, type ListenOptions, type SanctuaryServer } from "./createServer.js";
export { MemoryRoomRegistry } from "./rooms/memoryRoomRegistry.js";
export type {
  AdmitResult,
  MemberRecord,
  NewRoom,
  RegistryStats,
  RoomRegistry,
  RoomSnapshot,
} from "./rooms/roomRegistry.js";
export { DEFAULT_WEB_ROOT, type ResolvedServerOptions, type ServerOptions } from "./serverOptions.js";
export type { SanctuaryIo } from "./sockets/types.js";
