import { createServer, type SanctuaryServer, type ServerOptions } from "@sanctuary/server";

/**
 * The real Sanctuary server (apps/server) on 127.0.0.1, port 0, with the abuse limits
 * raised: every test client comes from the same address. `packets` records every raw
 * engine.io packet the server receives, for "the server only ever saw ciphertext" checks.
 */
export interface RealServer {
  server: SanctuaryServer;
  url: string;
  /** Every packet received so far, as `type:data` (Socket.IO frames are text). */
  packets: string[];
  close(): Promise<void>;
}

interface EngineConnection {
  on(event: "packet", listener: (packet: { type: string; data?: unknown }) => void): unknown;
}

export async function startRealServer(options: ServerOptions = {}): Promise<RealServer> {
  const server = createServer({
    webRoot: null,
    maxRoomsPerMinute: 10_000,
    maxConnectionsPerAddress: 10_000,
    maxAddressRate: 100_000,
    maxMessageRate: 10_000,
    maxJoinFailures: 10_000,
    maxRoomJoinFailures: 10_000,
    ...options,
  });
  const packets: string[] = [];
  server.io.engine.on("connection", (conn: EngineConnection) => {
    conn.on("packet", (packet) => {
      const data = packet.data;
      packets.push(
        `${packet.type}:${typeof data === "string" ? data : data === undefined ? "" : String(data)}`,
      );
    });
  });
  const { port } = await server.listen(0, "127.0.0.1");
  return { server, url: `http://127.0.0.1:${port}`, packets, close: () => server.close() };
}

/** The parts of the server's side of a room socket that tests touch. */
export interface ServerSideSocket {
  data: { memberId: string };
  conn: { transport: unknown };
  disconnect(close?: boolean): unknown;
}

/** The server's side of a member's room socket. */
export function serverSocketOf(
  server: SanctuaryServer,
  roomId: string,
  memberId: string,
): ServerSideSocket | undefined {
  const nsp = server.namespaces.get(roomId);
  return [...(nsp?.sockets.values() ?? [])].find((s) => s.data.memberId === memberId);
}

/**
 * Cuts a member's connection the way a dead network does: the TCP socket goes away
 * without a WebSocket close, so both sides see "transport close".
 */
export function cutNetwork(server: SanctuaryServer, roomId: string, memberId: string): void {
  const socket = serverSocketOf(server, roomId, memberId);
  const transport = socket?.conn.transport as unknown as { socket?: { _socket?: { destroy(): void } } };
  const tcp = transport?.socket?._socket;
  if (!tcp) throw new Error("no WebSocket transport to cut");
  tcp.destroy();
}

/** Refuses every new TCP connection until the returned function is called (a longer outage). */
export function refuseConnections(server: SanctuaryServer): () => void {
  const refuse = (socket: { destroy(): void }) => socket.destroy();
  server.httpServer.prependListener("connection", refuse);
  return () => server.httpServer.off("connection", refuse);
}
