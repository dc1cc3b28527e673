import { createServer, type SanctuaryServer, type ServerOptions } from "@sanctuary/server";
import { recordPackets, startServer } from "@sanctuary/testkit";

export { cutNetwork, refuseConnections, serverSocketOf } from "@sanctuary/testkit";

/**
 * The real Sanctuary server (apps/server) on 127.0.0.1, port 0, started by the shared
 * test kit with the abuse limits raised: every test client comes from the same address.
 * `packets` records every raw engine.io packet the server receives.
 */
export interface RealServer {
  server: SanctuaryServer;
  url: string;
  /** Every packet received so far, as `type:data`. */
  packets: string[];
  close(): Promise<void>;
}

export async function startRealServer(options: ServerOptions = {}): Promise<RealServer> {
  const running = await startServer(createServer, options);
  const packets = recordPackets(running.server);
  return { server: running.server, url: running.url, packets, close: running.close };
}
