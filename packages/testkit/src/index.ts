/**
 * Sanctuary's shared test kit, for the server's, the SDK's and the end-to-end tests and
 * the bench: free ports, a private Redis, real servers (in-process or the built
 * command) and the raw protocol client.
 */
export * from "./client/index.js";
export * from "./inProcessServer.js";
export * from "./outages.js";
export * from "./ports.js";
export * from "./processes.js";
export * from "./redis.js";
export * from "./spawnServer.js";
export * from "./timing.js";
