/**
 * A worker thread of simulated members. It speaks to the Sanctuary server as the client
 * SDK does, either through the shared test kit's raw client (`client: "sdk"`,
 * `joinAsMember`: one Manager per member, lobby lookup, HMAC join proof made with Node's
 * crypto, then the room namespace; the lobby socket is closed once in) or with the same
 * frames on a plain `ws` connection (`client: "wire"`, load/wireMember.js, the fan-out's
 * default); to the bare relay with plain `ws`. Envelopes are random base64url of a realistic size (`envelopeSource`): the
 * server never decrypts, so their content does not matter.
 *
 * Commands arrive as messages `{id, cmd, ...}` and are answered `{id, ok, ...}`:
 * - `setup {kind, client?, url, urls?, rooms, members, concurrency}` creates `rooms` rooms of
 *   `members` members (the first creates the room and owns it), in addition to any
 *   already here; with `urls` (the nodes of a cluster) member m of room r uses node
 *   (r + m) mod N, lobby and room socket alike, so members spread round-robin;
 * - `fanout {rate, durationMs, drainMs}` sends `rate` msg/s (this worker's share) for
 *   `durationMs`, round-robin over its members, and reports every receipt's latency;
 * - `teardown` purges the rooms (owners) and closes every connection;
 * - `churn {url, cycles, concurrency}` runs create/join/leave/purge cycles.
 * Every loop here is bounded by a count and a time limit.
 */
import { parentPort } from "node:worker_threads";
import { churn } from "./load/churnLoad.js";
import { fanout, setup, teardown } from "./load/fanoutLoad.js";

if (!parentPort) throw new Error("loadWorker.js runs as a worker thread");
const port = parentPort;

port.on("message", async (message) => {
  const { id, cmd } = message;
  try {
    /** @type {Record<string, unknown> & { transfer?: ArrayBuffer[] }} */
    let result;
    if (cmd === "setup") result = await setup(message);
    else if (cmd === "fanout") result = await fanout(message);
    else if (cmd === "teardown") result = await teardown();
    else if (cmd === "churn") result = await churn(message);
    else if (cmd === "exit") {
      port.postMessage({ id, ok: true });
      setImmediate(() => process.exit(0));
      return;
    } else throw new Error(`unknown command ${cmd}`);
    const { transfer, ...rest } = result;
    port.postMessage({ id, ok: true, ...rest }, transfer ?? []);
  } catch (err) {
    port.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
