import { config } from "zod";

/**
 * Imported first by main.tsx, before any schema in @sanctuary/protocol is built. Zod
 * compiles object schemas with `new Function` when it can, and finds out by trying
 * `Function("")` once. The page's CSP has no `'unsafe-eval'`, so that probe is refused
 * and reported as a CSP violation on every load; jitless mode never tries, and parses
 * the same way without generated code.
 */
config({ jitless: true });
