import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { addressGroup } from "./addressGroup.js";

/**
 * The one place that decides which address a connection comes from. Rate limits,
 * connection counts, join backoff and kick bars all key on it, and all of them on its
 * address group (`addressGroup`: the IPv4 address or the IPv6 /64), which is all that is
 * kept: the exact address is never remembered. It is only ever held in memory, and
 * only in hashed form where it outlives the connection.
 */

/**
 * The address group of an HTTP request's client: the TCP peer, or, with `trustProxy`, the hop
 * our reverse proxy put in `X-Forwarded-For`. That is the header's last entry: a proxy
 * appends the address it saw, so anything before it was written by the client itself
 * and could be forged. With nginx's `proxy_set_header X-Forwarded-For $remote_addr;` or
 * Caddy's defaults there is only one entry anyway. A missing or malformed header falls
 * back to the peer (the proxy), which errs on the side of limiting.
 *
 * @example
 * requestAddress(req, false); // "203.0.113.7", or "2001:db8:0:1::" for 2001:db8:0:1::42
 */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = addressGroup(req.socket?.remoteAddress ?? "unknown");
  if (!trustProxy) return peer;
  const header = req.headers["x-forwarded-for"];
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (value === undefined) return peer;
  const hops = value.split(",");
  const hop = (hops[hops.length - 1] ?? "").trim();
  return isIP(hop) === 0 ? peer : addressGroup(hop);
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
 * The address group remembered for an engine connection (`socket.conn`); "unknown" if none was,
 * so every such connection shares one, limited, bucket.
 */
export function connectionAddress(conn: object): string {
  return addresses.get(conn) ?? "unknown";
}
