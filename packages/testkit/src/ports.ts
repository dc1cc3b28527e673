import { createServer } from "node:net";

/**
 * A TCP port that was free on `host` a moment ago: the kernel picks it for a listener
 * that is closed again at once. For programs that must be told a port (redis-server);
 * anything that can listen on port 0 itself should.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
