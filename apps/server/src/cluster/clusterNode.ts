import type { RoomBus } from "../io/roomBus.js";
import type { RoomNamespaces } from "../io/roomNamespaces.js";
import type { SanctuaryIo } from "../io/types.js";
import { announceRemovalEverywhere } from "../rooms/lifecycle.js";
import { isRoomEvent } from "../rooms/roomEvent.js";
import type { RedisCluster } from "./redisCluster.js";

export interface ClusterNodeDeps {
  io: SanctuaryIo;
  cluster: RedisCluster;
  namespaces: RoomNamespaces;
  bus: RoomBus;
  heartbeatMs: number;
  resumeWindowMs: number;
  now: () => number;
}

export interface ClusterNode {
  /** Liveness and dead-node reaping; the heartbeat runs it before every sweep. */
  tick(at: number): Promise<void>;
  /** Hands this node's seats over (away, or removed without a resume window) before it closes. */
  leave(): Promise<void>;
  /** How long this node's liveness key lives without a refresh. */
  readonly livenessTtlMs: number;
}

/**
 * The cluster behaviour of one node (F19), on top of the Redis adapter and registry:
 *
 * - Room events that do not come from a member's socket (see RoomBus) are sent to the
 *   other nodes as a server-side emit on the lobby's adapter, and applied from them.
 * - Liveness: every heartbeat refreshes `sanctuary:node:<id>` (TTL three heartbeats,
 *   at least 1 s). A node whose key is gone is dead: one other node (a `SET NX` lock)
 *   marks its seated members away (so they can resume on another node within the
 *   resume window, after which the heartbeat removes them) and forgets it.
 * - Redis unreachable: every room connection on this node is dropped at the transport
 *   level, so clients show "reconnecting" and keep trying to resume (handshakes are
 *   refused like a network error until Redis is back). When it is back, the seats this
 *   node still holds for sockets that are gone are marked away, like any dropped link.
 *   If Redis lost its data (a restart: it keeps nothing on disk), the rooms are gone and
 *   resumes are refused, as after a restart of a single server.
 *
 * @example
 * const node = startClusterNode({ io, cluster, namespaces, bus, heartbeatMs: 5000, resumeWindowMs: 30000, now: Date.now });
 */
export function startClusterNode(deps: ClusterNodeDeps): ClusterNode {
  const { io, cluster, namespaces, bus, now } = deps;
  const registry = cluster.registry;
  const livenessTtlMs = Math.max(3 * deps.heartbeatMs, 1000);

  // Alive from the start, not from the first heartbeat: a seat taken before then must
  // not look like a dead node's to the others. Sent before anything can connect, so it
  // reaches Redis ahead of any seat this node takes.
  void cluster.touch(livenessTtlMs).catch(() => {});

  bus.connect((roomId, event) => {
    io.serverSideEmit("room:event", roomId, event);
  });
  io.sockets.on("room:event", (roomId: unknown, event: unknown) => {
    if (typeof roomId !== "string" || !isRoomEvent(event)) return;
    bus.apply(roomId, event);
  });

  /** Sockets dropped while Redis was away: socket ID → its seat, settled when Redis is back. */
  const dropped = new Map<string, { roomId: string; memberId: string }>();
  const dropLocalConnections = () => {
    for (const roomId of namespaces.roomIds()) {
      for (const socket of namespaces.get(roomId)?.sockets.values() ?? []) {
        dropped.set(socket.id, { roomId, memberId: socket.data.memberId });
        // Closing the transport (not the socket) reads as "transport close" on both
        // sides: the client keeps its seat and starts resuming.
        const conn = socket.conn as unknown as { transport?: { close(): void } };
        try {
          conn.transport?.close();
        } catch {
          // Already closing.
        }
      }
    }
  };

  /** A seat lost its socket: away for the resume window, or gone without one. */
  const vacate = async (roomId: string, memberId: string, how: { node: string } | { socketId: string }) => {
    const at = now();
    if (deps.resumeWindowMs > 0) {
      const marked =
        "node" in how
          ? await registry.markAwayOnNode(roomId, memberId, how.node, at)
          : await registry.markAway(roomId, memberId, how.socketId, at);
      if (marked) bus.send(roomId, { kind: "away", id: memberId });
      return;
    }
    const removed = await registry.removeMember(
      roomId,
      memberId,
      at,
      "socketId" in how ? how.socketId : undefined,
    );
    if (removed) announceRemovalEverywhere(bus, roomId, removed, { id: memberId, reason: "disconnected" });
  };

  cluster.onConnectionLost(dropLocalConnections);
  cluster.onConnectionBack(() => {
    // The disconnects of the dropped sockets could not reach Redis: their seats are
    // marked away now, unless the member has resumed meanwhile (another socket holds it).
    const settle = [...dropped];
    dropped.clear();
    void (async () => {
      for (const [socketId, { roomId, memberId }] of settle) {
        const seat = await cluster.seatSocket(roomId, memberId);
        if (!seat || seat.away || seat.socketId !== socketId) continue;
        await vacate(roomId, memberId, { socketId });
      }
    })().catch(() => {});
  });

  return {
    livenessTtlMs,
    async tick() {
      if (!cluster.available) return;
      if (!(await cluster.touch(livenessTtlMs))) {
        // This node was silent past its TTL: others may have marked its members away.
        // Its clients resume, which makes everything consistent again (Redis is up, so
        // their disconnects mark the seats away themselves).
        dropLocalConnections();
        dropped.clear();
      }
      for (const node of await cluster.deadNodes()) {
        if (!(await cluster.claimReap(node, livenessTtlMs))) continue;
        for (const { roomId, memberId } of await registry.seatsOf(node)) {
          await vacate(roomId, memberId, { node });
        }
        await cluster.forgetNode(node);
      }
    },
    async leave() {
      for (const { roomId, memberId } of await registry.seatsOf(cluster.nodeId)) {
        await vacate(roomId, memberId, { node: cluster.nodeId });
      }
      await cluster.forgetNode(cluster.nodeId);
    },
  };
}
