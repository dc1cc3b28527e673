import { createRequire } from "node:module";
import type { RateLimiterMemory as RateLimiterMemoryClass } from "rate-limiter-flexible";

/**
 * rate-limiter-flexible's in-memory limiter, loaded from its own module. The package's
 * index requires every limiter and store it has (Redis, Mongo, SQL, DynamoDB, …), about
 * 0.8 MiB of heap the server never uses; `lib/RateLimiterMemory.js` needs only its base
 * classes. The package has no `exports` map, so the path is public; the types are the
 * package's own (the class is the same object the index re-exports).
 */
const require = createRequire(import.meta.url);
export const RateLimiterMemory: typeof RateLimiterMemoryClass = require("rate-limiter-flexible/lib/RateLimiterMemory.js");
export type RateLimiterMemory = RateLimiterMemoryClass;
