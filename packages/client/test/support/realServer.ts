import { createServer, type SanctuaryServer, type ServerOptions } from "@sanctuary/server";
import { startServer } from "@sanctuary/testkit";

/**
 * The real Sanctuary server (apps/server) on 127.0.0.1, port 0, started by the shared
 * test kit with the abuse limits raised: every test client comes from the same address.
 * `packets` records every raw engine.io packet the server receives, for "the server
 * only ever saw ciphertext" checks.
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
  const running = await startServer(createServer, options);
  const packets: string[] = [];
  running.server.io.engine.on("connection", (conn: EngineConnection) => {
    conn.on("packet", (packet) => {
      const data = packet.data;
      packets.push(
        `${packet.type}:${typeof data === "string" ? data : data === undefined ? "" : String(data)}`,
      );
    });
  });
  return { server: running.server, url: running.url, packets, close: running.close };
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
