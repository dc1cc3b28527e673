/**
 * Network faults and packet capture on an in-process server, for SDK and store tests
 * that need a member's connection to die the way a phone's does. Typed structurally
 * (`SanctuaryServer` fits) so the kit does not depend on the server package.
 */

/** The server's side of a member's room socket, as far as these helpers touch it. */
export interface ServerSideSocket {
  data: { memberId: string };
  conn: { transport: unknown };
  disconnect(close?: boolean): unknown;
}

/** What the helpers need of a Sanctuary server. */
export interface FaultableServer {
  namespaces: { get(roomId: string): { sockets: Map<string, ServerSideSocket> } | undefined };
  httpServer: {
    prependListener(event: "connection", listener: (socket: { destroy(): void }) => void): unknown;
    off(event: "connection", listener: (socket: { destroy(): void }) => void): unknown;
  };
  io: { engine: { on(event: "connection", listener: (conn: EngineConnection) => void): unknown } };
}

interface EngineConnection {
  on(event: "packet", listener: (packet: { type: string; data?: unknown }) => void): unknown;
}

/** The server's side of a member's room socket. */
export function serverSocketOf(
  server: FaultableServer,
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
export function cutNetwork(server: FaultableServer, roomId: string, memberId: string): void {
  const socket = serverSocketOf(server, roomId, memberId);
  const transport = socket?.conn.transport as { socket?: { _socket?: { destroy(): void } } } | undefined;
  const tcp = transport?.socket?._socket;
  if (!tcp) throw new Error("no WebSocket transport to cut");
  tcp.destroy();
}

/** Refuses every new TCP connection until the returned function is called (a longer outage). */
export function refuseConnections(server: FaultableServer): () => void {
  const refuse = (socket: { destroy(): void }) => socket.destroy();
  server.httpServer.prependListener("connection", refuse);
  return () => server.httpServer.off("connection", refuse);
}

/**
 * Records every engine.io packet the server receives from now on, as `type:data`
 * (Socket.IO frames are text), for "the server only ever saw ciphertext" checks.
 */
export function recordPackets(server: FaultableServer): string[] {
  const packets: string[] = [];
  server.io.engine.on("connection", (conn) => {
    conn.on("packet", (packet) => {
      const data = packet.data;
      packets.push(
        `${packet.type}:${typeof data === "string" ? data : data === undefined ? "" : String(data)}`,
      );
    });
  });
  return packets;
}
