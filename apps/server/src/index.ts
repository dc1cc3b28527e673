export { RedisCluster, type RedisClusterOptions, RedisUnavailableError } from "./cluster/redisCluster.js";
export { DEFAULT_WEB_ROOT } from "./config/optionTable.js";
export { type ResolvedServerOptions, resolveServerOptions, type ServerOptions } from "./config/resolve.js";
export { OptionsError } from "./config/values.js";
export { createServer, type ListenOptions, type SanctuaryServer } from "./createServer.js";
export type { SanctuaryIo } from "./io/types.js";
export { MemoryRoomRegistry } from "./registry/memoryRoomRegistry.js";
export { RedisRoomRegistry } from "./registry/redisRoomRegistry.js";
export type {
  AdmitResult,
  MemberRecord,
  NewRoom,
  RegistryStats,
  RoomRegistry,
  RoomSnapshot,
} from "./registry/roomRegistry.js";
