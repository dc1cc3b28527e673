import { isIP, SocketAddress } from "node:net";

/**
 * The unit every per-address limit counts: an IPv4 address, or the /64 prefix of an
 * IPv6 address (one LAN's worth: a client handed a /64 picks any of 2^64 addresses, so
 * keying the whole address would let it escape every limit). IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`) is that IPv4 address, so a dual-stack listener does not make one
 * client two. The result is a canonical address itself (`2001:db8:1:2::` for a /64), so
 * grouping is idempotent. Parsing is Node's own (`SocketAddress`, inet_pton/inet_ntop):
 * any spelling, compressed or not, with or without a zone ID, comes out the same.
 * Anything that is not an IP address (e.g. "unknown") is its own group.
 *
 * @example
 * addressGroup("2001:DB8:0:1:aaaa::7");   // "2001:db8:0:1::"
 * addressGroup("::ffff:192.0.2.5");      // "192.0.2.5"
 */
export function addressGroup(address: string): string {
  const trimmed = address.trim();
  const family = isIP(trimmed);
  if (family === 4) return new SocketAddress({ address: trimmed, family: "ipv4" }).address;
  if (family !== 6) return trimmed.toLowerCase();
  const words = ipv6Words(new SocketAddress({ address: trimmed, family: "ipv6" }).address);
  if (isMappedIpv4(words)) {
    const [hi, lo] = [words[6] ?? 0, words[7] ?? 0];
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  const prefix = `${words
    .slice(0, 4)
    .map((w) => w.toString(16))
    .join(":")}::`;
  return new SocketAddress({ address: prefix, family: "ipv6" }).address;
}

/** `::ffff:0:0/96`. */
function isMappedIpv4(words: number[]): boolean {
  return words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
}

/**
 * The eight 16-bit words of an address already in inet_ntop's canonical form (lower
 * case, at most one `::`, an embedded IPv4 tail only as dotted quad), so the only
 * spelling left to undo is the `::` run and that tail.
 */
function ipv6Words(canonical: string): number[] {
  const toWords = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((piece) => {
          if (!piece.includes(".")) return [Number.parseInt(piece, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = "", tail] = canonical.split("::");
  const front = toWords(head);
  if (tail === undefined) return front;
  const back = toWords(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
