import type { RoomRegistry } from "../registry/roomRegistry.js";
import { announceRemovalEverywhere, endRoom } from "./lifecycle.js";
import type { RoomEventSink } from "./roomEvent.js";

export interface HeartbeatOptions {
  registry: RoomRegistry;
  /** The rooms that have a namespace on this node. */
  namespaces: { roomIds(): string[] };
  bus: RoomEventSink;
  intervalMs: number;
  /** How long a room may sit empty before it is purged. */
  emptyGraceMs: number;
  /** How long an away member keeps its seat (F17). */
  resumeWindowMs: number;
  now?: () => number;
  /** Runs first in every sweep (the cluster's liveness and dead-node check, F19). */
  beforeSweep?: (at: number) => Promise<void>;
}

export interface Heartbeat {
  /** Runs one sweep now (tests use it; the timer calls it too). */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * Starts the sweep that makes rooms transient: rooms empty past the grace period and
 * rooms past their self-destruct time are ended (members of an expired room are told
 * `expired` first), members away for longer than the resume window are removed (the
 * room hears `member:left {reason: "disconnected"}` and ownership passes on), and stale
 * join challenges and kick bars are forgotten. Away members still count as present, so
 * a room whose only member is away is not empty. The timer is unref'd so it never keeps
 * the process alive on its own.
 *
 * @example
 * const heartbeat = startHeartbeat({ registry, namespaces, bus, intervalMs: 5000, emptyGraceMs: 15000, resumeWindowMs: 30000 });
 * heartbeat.stop();
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const now = options.now ?? Date.now;
  let running = false;

  const tick = async (): Promise<void> => {
    // A slow sweep (a remote registry) must not overlap the next one.
    if (running) return;
    running = true;
    try {
      const at = now();
      await options.beforeSweep?.(at);
      for (const { roomId, memberId } of await options.registry.awayPast(at, options.resumeWindowMs)) {
        // Only if still away since before the window: a resume that landed after the
        // list was made keeps its seat.
        const cutoff = at - options.resumeWindowMs;
        const removed = await options.registry.removeMember(roomId, memberId, at, undefined, cutoff);
        if (removed) {
          announceRemovalEverywhere(options.bus, roomId, removed, { id: memberId, reason: "disconnected" });
        }
      }
      const due = await options.registry.roomsToPurge(at, options.emptyGraceMs);
      for (const { roomId, reason } of due) {
        await endRoom(options, roomId, reason === "expired" ? { reason: "expired" } : null);
      }
      // A namespace whose record is gone (a join that raced a purge) goes too.
      for (const roomId of options.namespaces.roomIds()) {
        if (!(await options.registry.hasRoom(roomId))) await endRoom(options, roomId, null);
      }
      await options.registry.sweepExpired(at);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => {
    // Nothing may escape as an unhandled rejection; the next tick simply tries again.
    tick().catch(() => {});
  }, options.intervalMs);
  timer.unref();

  return { tick, stop: () => clearInterval(timer) };
}
