export { RedisCluster, type RedisClusterOptions, RedisUnavailableError } from "./cluster/redisCluster.js";
export { RedisRoomRegistry } from "./cluster/redisRoomRegistry.js";
export { DEFAULT_WEB_ROOT } from "./config/optionTable.js";
export { type ResolvedServerOptions, resolveServerOptions, type ServerOptions } from "./config/resolve.js";
export { OptionsError } from "./config/values.js";
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
export type { SanctuaryIo } from "./sockets/types.js";
