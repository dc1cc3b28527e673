/**
 * The baseline for "idle heap overhead": a bare Node HTTP server on 127.0.0.1 that
 * answers every request with 200, plus the same probe as the Sanctuary server.
 * Prints `http://127.0.0.1:<port>/` like `sanctuary --quiet`.
 */
import { createServer } from "node:http";
import { answerProbes } from "./probe.js";

const server = createServer((_req, res) => res.end("ok"));
server.listen(0, "127.0.0.1", () => {
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  process.stdout.write(`http://127.0.0.1:${address.port}/\n`);
});
answerProbes();
