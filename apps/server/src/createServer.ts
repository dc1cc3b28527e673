import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, isIP } from "node:net";
import { Server } from "socket.io";
import { createLimits, type Limits } from "./abuse/limits.js";
import { type ClusterNode, startClusterNode } from "./cluster/clusterNode.js";
import { resolveServerOptions, type ServerOptions } from "./config/resolve.js";
import { createHttpApp } from "./http/app.js";
import { HostCheck } from "./http/hostCheck.js";
import { isSameOriginRequest } from "./http/originCheck.js";
import { type InviteStore, MemoryInviteStore } from "./invites/inviteStore.js";
import { createAdmission } from "./io/admission.js";
import { trimWebSocketConnection } from "./io/connectionTrim.js";
import { FileRelay } from "./io/fileRelay.js";
import { handKnocksOver } from "./io/knockHandlers.js";
import { registerLobby } from "./io/lobbyHandlers.js";
import { RoomBus } from "./io/roomBus.js";
import { roomConnectionHandler } from "./io/roomConnection.js";
import { RoomNamespaces, roomIdOf } from "./io/roomNamespaces.js";
import { lobbyView, type RoomNamespace, type SanctuaryIo } from "./io/types.js";
import { WriteCoalescer } from "./io/writeCoalescing.js";
import { rememberAddress, requestAddress } from "./net/clientAddress.js";
import { MemoryRoomRegistry } from "./registry/memoryRoomRegistry.js";
import type { RoomRegistry } from "./registry/roomRegistry.js";
import { type Heartbeat, startHeartbeat } from "./rooms/heartbeat.js";
import { KnockStore } from "./rooms/knocks.js";

/** The part of an engine.io socket seen at "connection". */
interface EngineConnection {
  request: IncomingMessage | null;
  on(event: "close", listener: (this: object) => void): unknown;
}

export interface ListenOptions {
  /** Accept IPv6 only on `::` (no IPv4-mapped connections). */
  ipv6Only?: boolean;
}

export interface SanctuaryServer {
  /** The HTTP server, or the HTTPS one (a subclass) when `https` was given. */
  httpServer: HttpServer;
  io: SanctuaryIo;
  registry: RoomRegistry;
  /** Live room namespaces (for tests and aggregate counts). */
  namespaces: RoomNamespaces;
  heartbeat: Heartbeat;
  /** Rate limits, connection counts and join backoff (in memory; tests inspect sizes). */
  limits: Limits;
  /** One-time invites (F30): in this process's memory, or in Redis with a cluster. */
  invites: InviteStore;
  /** Knocks waiting for owners (F34); undefined in a cluster, where knocking is off. */
  knocks: KnockStore | undefined;
  /** Starts listening; resolves with the bound address. */
  listen(port: number, host?: string, options?: ListenOptions): Promise<AddressInfo>;
  /** Tells every member the server is going away, then closes Socket.IO and HTTP. */
  close(): Promise<void>;
}

/**
 * Builds the whole server (HTTP app, Socket.IO, registry, heartbeat) without
 * listening, so tests and `main` decide where it runs.
 *
 * @example
 * const server = createServer({ webRoot: null });
 * const { port } = await server.listen(0, "127.0.0.1");
 * await server.close();
 */
export function createServer(options: ServerOptions = {}): SanctuaryServer {
  const resolved = resolveServerOptions(options);
  const cluster = options.cluster;
  const registry = cluster?.registry ?? options.registry ?? new MemoryRoomRegistry();
  const now = options.now ?? Date.now;
  const limits = createLimits(resolved);
  const inviteOptions = { ttlMs: resolved.inviteTtlMinutes * 60_000, now };
  const invites: InviteStore = cluster
    ? cluster.inviteStore(inviteOptions)
    : new MemoryInviteStore(inviteOptions);
  const allowedOrigins = new Set(resolved.allowedOrigins.map((o) => o.toLowerCase()));

  const hosts = new HostCheck({
    allowedHosts: resolved.allowedHosts,
    allowedOrigins: resolved.allowedOrigins,
    ...(options.machineName === undefined ? {} : { machineName: options.machineName }),
  });

  const app = createHttpApp({
    webRoot: resolved.webRoot,
    tls: resolved.tls,
    allowsHost: (req) => hosts.allows(req),
  });
  // The certificate and key were read once at startup; nothing is written.
  const httpServer: HttpServer = options.https
    ? (createHttpsServer({ cert: options.https.cert, key: options.https.key }, app) as unknown as HttpServer)
    : createHttpServer(app);
  const io: SanctuaryIo = new Server(httpServer, {
    // Just above the largest legal packet for the configured text and image caps.
    maxHttpBufferSize: resolved.maxPacketBytes,
    serveClient: false,
    // A dead link is noticed within pingInterval + pingTimeout on both sides (the client
    // uses the server's values): 15 s by default instead of Socket.IO's 45 s, well
    // inside the resume window. No `connectionStateRecovery`: see docs/design.md, F17 and "Decisions and why".
    pingInterval: resolved.pingIntervalMs,
    pingTimeout: resolved.pingTimeoutMs,
    // Known hosts only (see HostCheck), same-origin only (plus --allowed-origin; see
    // isSameOriginRequest), no `cors` option: nothing cross-site. Then the per-address
    // connection limit. All before engine.io makes a session.
    allowRequest: (req, done) => {
      if (!hosts.allows(req)) return done("Unknown host", false);
      if (!isSameOriginRequest(req, allowedOrigins)) return done("Forbidden origin", false);
      if (!limits.connections.reserve(req, requestAddress(req, resolved.trustProxy))) {
        return done("Too many connections", false);
      }
      done(null, true);
    },
    // The heartbeat decides when a room dies, with a grace period; see docs/design.md, "Decisions and why".
    cleanupEmptyChildNamespaces: false,
    // Scale-out (F19): the sharded Redis adapter, pub/sub only, for every namespace.
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });

  // The first engine middleware: it relies on running right after engine.io's own setup.
  io.engine.use(releaseUpgradeRequest);
  const coalescer = new WriteCoalescer();
  io.engine.on("connection", (rawSocket: EngineConnection) => {
    const request = rawSocket.request;
    if (request) {
      const address = requestAddress(request, resolved.trustProxy);
      rememberAddress(rawSocket, address);
      limits.connections.claim(request, address, rawSocket);
    }
    limits.writes.watch(rawSocket);
    coalescer.watch(rawSocket);
    // Last: after every listener this handler and Socket.IO's add.
    trimWebSocketConnection(rawSocket);
    // The engine keeps the handshake request (headers, parser state); nothing needs it
    // after the handshake. See also releaseUpgradeRequest, for WebSocket connections.
    rawSocket.request = null;
  });

  // Rooms: the function form of `io.of`, asked only for names not yet in the server's
  // map; answering false creates nothing, so unknown IDs never make a namespace.
  const parent = io.of((name, _auth, next) => {
    const roomId = roomIdOf(name);
    if (roomId === null) return next(null, false);
    registry.hasRoom(roomId).then(
      (exists) => next(null, exists),
      () => next(null, false),
    );
  }) as unknown as RoomNamespace;
  const namespaces = new RoomNamespaces(io, parent);
  const bus = new RoomBus(namespaces, limits);
  bus.onEnded((roomId) => void invites.dropRoom(roomId).catch(() => {}));
  // Knocks live in this process's memory, so a cluster does without them (F35).
  const knocks = cluster ? undefined : new KnockStore({ now, timeoutMs: resolved.knockTimeoutMs });
  if (knocks) {
    bus.onEnded((roomId) => knocks.dropRoom(roomId));
    bus.onOwnerChanged((roomId, ownerId) => {
      const nsp = namespaces.get(roomId);
      if (nsp) handKnocksOver(knocks, nsp, roomId, ownerId);
    });
  }
  registerLobby(lobbyView(io), {
    registry,
    options: resolved,
    now,
    limits,
    invites,
    knock: {
      registry,
      namespaces,
      now,
      limits,
      maxAliasLength: resolved.maxAliasLength,
      ...(knocks ? { knocks } : {}),
    },
  });
  // Registered before anything can connect: children copy these when created.
  const roomDeps = {
    registry,
    bus,
    now,
    limits,
    kickBarMs: resolved.kickBarSeconds * 1000,
    messageCtMaxChars: resolved.messageCtMaxChars,
    files: new FileRelay({
      maxFileBytes: resolved.maxFileSizeMiB * 2 ** 20,
      maxTransfersPerMember: resolved.maxTransfersPerMember,
      maxTransfersPerRoom: resolved.maxTransfersPerRoom,
      socketRate: resolved.fileRateKiB * 1024,
      addressRate: resolved.fileAddressRateKiB * 1024,
      hashAddress: limits.hashAddress,
      penalize: (socket) => limits.events.penalize(socket),
    }),
    resumeWindowMs: resolved.resumeWindowSeconds * 1000,
    keepSeatsOnShutdown: cluster !== undefined,
    ...(knocks ? { knocks } : {}),
  };
  const clusterNode: ClusterNode | undefined = cluster
    ? startClusterNode({
        io,
        cluster,
        namespaces,
        bus,
        heartbeatMs: resolved.heartbeatMs,
        resumeWindowMs: roomDeps.resumeWindowMs,
        now,
      })
    : undefined;
  parent.use(
    createAdmission({
      registry,
      maxMembers: resolved.maxMembers,
      maxAliasLength: resolved.maxAliasLength,
      resumeWindowMs: roomDeps.resumeWindowMs,
      now,
      limits,
      roomSlots: limits.roomSlots,
      overBudget: () => limits.memory.exceeded,
      ...(knocks ? { knocks } : {}),
      ...(cluster ? { available: () => cluster.available } : {}),
    }),
  );
  parent.on("connection", roomConnectionHandler(roomDeps));
  io.on("new_namespace", (nsp) => {
    const roomId = roomIdOf(nsp.name);
    if (roomId !== null) namespaces.track(roomId, nsp as unknown as RoomNamespace);
  });

  const heartbeat = startHeartbeat({
    registry,
    namespaces,
    bus,
    intervalMs: resolved.heartbeatMs,
    emptyGraceMs: resolved.emptyGraceMs,
    resumeWindowMs: roomDeps.resumeWindowMs,
    now,
    ...(clusterNode ? { beforeSweep: (at: number) => clusterNode.tick(at) } : {}),
  });

  let closing: Promise<void> | undefined;

  return {
    httpServer,
    io,
    registry,
    namespaces,
    heartbeat,
    limits,
    invites,
    knocks,
    listen(port, host, listenOptions = {}) {
      // A name given to --host is one the operator serves the app under.
      if (host !== undefined && isIP(host) === 0) hosts.allowName(host);
      return new Promise<AddressInfo>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        httpServer.once("error", onError);
        httpServer.listen({ port, host, ipv6Only: listenOptions.ipv6Only ?? false }, () => {
          httpServer.off("error", onError);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
    heartbeat.stop();
    invites.clear();
    knocks?.clear();
    limits.memory.stop();
    if (cluster && clusterNode) {
      // The rooms live on in the other nodes: this node's members are handed over as
      // away (they resume elsewhere), and their connections close under them.
      await clusterNode.leave().catch(() => {});
      await io.close();
      await cluster.close();
      return;
    }
    for (const roomId of await registry.roomIds()) {
      namespaces.get(roomId)?.emit("session:ended", { reason: "shutdown" });
      await registry.deleteRoom(roomId);
      await limits.joins.forgetRoom(roomId);
    }
    // io.close() closes every engine socket after its write buffer drains, so the
    // "shutdown" notices go out first, then the HTTP server.
    await io.close();
  }
}

/** The listener engine.io's `WebSocketResponse` adds, as `once` stores it. */
type OnceWrapper = ((...args: unknown[]) => void) & { listener?: (...args: unknown[]) => void };

/**
 * An engine.io middleware that lets a WebSocket's upgrade request be garbage collected
 * once the connection is up. engine.io 6.6 wraps every upgrade in a `WebSocketResponse`
 * whose constructor, as its last step, adds `socket.once("close", () => this.emit("close"))`
 * to the TCP socket, for middlewares that wait for a response's "close" (none here).
 * That listener lives as long as the connection and holds the response, and the
 * response holds the request (`res.req`): about 2 KiB per member measured with Node's
 * client (request, headers, parser state), more with a browser's headers. Nothing here listens to the response's "close", so the listener
 * is removed; the TCP socket's own "close" handling (ws, engine.io) is untouched.
 *
 * Middlewares run right after that constructor, before anything else is added, so for
 * the first middleware the last "close" listener is that one; it is removed only if its source is exactly the
 * expected one, so another engine.io version leaves everything as it was. Polling
 * requests (a real `ServerResponse`) are not touched.
 */
function releaseUpgradeRequest(
  req: IncomingMessage,
  res: ServerResponse | object,
  next: (err?: unknown) => void,
): void {
  if (!(res instanceof ServerResponse)) {
    const socket = req.socket;
    const last = socket.rawListeners("close").at(-1) as OnceWrapper | undefined;
    const listener = last?.listener;
    if (listener && String(listener) === '() => this.emit("close")') {
      socket.removeListener("close", listener);
    }
  }
  next();
}
