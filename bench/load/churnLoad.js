/**
 * Churn load: create → join → leave → purge cycles, as fast as `concurrency` loops go,
 * each member joining on a new connection of its own as the SDK does.
 */
import { performance } from "node:perf_hooks";
import { joinAsMember, once, request, requireOk } from "@sanctuary/testkit/client";
import { ACK_TIMEOUT_MS, memberTimeouts as timeouts } from "./timeouts.js";

/** @param {import("@sanctuary/testkit/client").RoomSocket} socket */
function disconnected(socket) {
  if (!socket.connected) return Promise.resolve();
  return once(socket, "disconnect", ACK_TIMEOUT_MS);
}

/** @param {{url: string, cycles: number, concurrency: number}} opts */
export async function churn(opts) {
  let done = 0;
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + 120_000;
  const loop = async () => {
    while (started < opts.cycles && performance.now() < deadline) {
      started++;
      try {
        const owner = await joinAsMember(opts.url, null, "owner", timeouts);
        const guest = await joinAsMember(opts.url, owner.room, "guest", timeouts);
        const guestGone = disconnected(guest.socket);
        requireOk(await request(guest.socket, "member:exit", {}, ACK_TIMEOUT_MS), "member:exit");
        await guestGone;
        const ownerGone = disconnected(owner.socket);
        requireOk(await request(owner.socket, "room:purge", {}, ACK_TIMEOUT_MS), "room:purge");
        await ownerGone;
        guest.manager.engine?.close();
        owner.manager.engine?.close();
        done++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  return { cycles: done, errors, seconds: (performance.now() - t0) / 1000 };
}
