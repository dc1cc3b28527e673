import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The one place that decides which address a connection comes from. Rate limits,
 * connection counts, join backoff and kick bars all key on it. The address is only ever
 * held in memory, and only in hashed form where it outlives the connection.
 */

/**
 * `::ffff:1.2.3.4` → `1.2.3.4`: a dual-stack socket reports IPv4 clients as IPv4-mapped
 * IPv6, and one person must not count as two addresses depending on the listener.
 *
 * @example
 * normaliseAddress("::ffff:192.168.1.20"); // "192.168.1.20"
 */
export function normaliseAddress(raw: string): string {
  const trimmed = raw.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  if (mapped?.[1] !== undefined) return mapped[1];
  return trimmed.toLowerCase();
}

/**
 * The client address of an HTTP request: the TCP peer, or, with `trustProxy`, the hop
 * our reverse proxy put in `X-Forwarded-For`. That is the header's last entry: a proxy
 * appends the address it saw, so anything before it was written by the client itself
 * and could be forged. With nginx's `proxy_set_header X-Forwarded-For $remote_addr;` or
 * Caddy's defaults there is only one entry anyway. A missing or malformed header falls
 * back to the peer (the proxy), which errs on the side of limiting.
 *
 * @example
 * requestAddress(req, false); // "203.0.113.7"
 */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = normaliseAddress(req.socket?.remoteAddress ?? "unknown");
  if (!trustProxy) return peer;
  const header = req.headers["x-forwarded-for"];
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (value === undefined) return peer;
  const hops = value.split(",");
  const hop = normaliseAddress(hops[hops.length - 1] ?? "");
  return isIP(hop) === 0 ? peer : hop;
}

/** Addresses of live engine connections; a WeakMap so a closed connection takes its entry with it. */
const addresses = new WeakMap<object, string>();

/**
 * Remembers a connection's address. The engine drops its copy of the upgrade request
 * (headers included) right after the handshake, so this is taken before that.
 *
 * @example
 * io.engine.on("connection", (conn) => rememberAddress(conn, requestAddress(conn.request, false)));
 */
export function rememberAddress(conn: object, address: string): void {
  addresses.set(conn, address);
}

/**
 * The address remembered for an engine connection (`socket.conn`); "unknown" if none was,
 * so every such connection shares one, limited, bucket.
 */
export function connectionAddress(conn: object): string {
  return addresses.get(conn) ?? "unknown";
}
