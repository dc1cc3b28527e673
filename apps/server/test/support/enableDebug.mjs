// Preloaded into the server's process (NODE_OPTIONS=--import) by test/logging.test.ts:
// stands for any dependency or hook that turns `debug` on in code, which no
// environment variable can prevent. Resolved from the server's package, as the
// libraries that log through it resolve it.
import { createRequire } from "node:module";

createRequire(new URL("../../package.json", import.meta.url))("debug").enable("*");
