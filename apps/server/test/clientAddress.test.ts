import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createAddressHasher } from "../src/net/addressKey.js";
import { requestAddress } from "../src/net/clientAddress.js";

const req = (remoteAddress: string, xff?: string | string[]) =>
  ({
    socket: { remoteAddress },
    headers: xff === undefined ? {} : { "x-forwarded-for": xff },
  }) as unknown as IncomingMessage;

describe("client address", () => {
  it("answers the address group: IPv4-mapped IPv6 as IPv4, IPv6 as its /64", () => {
    expect(requestAddress(req("::ffff:192.168.1.20"), false)).toBe("192.168.1.20");
    expect(requestAddress(req("::FFFF:10.0.0.1"), false)).toBe("10.0.0.1");
    expect(requestAddress(req("2001:DB8::1"), false)).toBe("2001:db8::");
    expect(requestAddress(req("2001:db8:0:0:77::1"), false)).toBe("2001:db8::");
    expect(requestAddress(req("127.0.0.1"), false)).toBe("127.0.0.1");
    expect(requestAddress(req("::1", "2001:db8:5:6:a:b:c:d"), true)).toBe("2001:db8:5:6::");
  });

  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(requestAddress(req("::ffff:10.0.0.1", "203.0.113.9"), false)).toBe("10.0.0.1");
  });

  it("behind a trusted proxy, takes the hop the proxy added (the last), not what the client wrote", () => {
    expect(requestAddress(req("::1", "203.0.113.9"), true)).toBe("203.0.113.9");
    expect(requestAddress(req("::1", "6.6.6.6, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(requestAddress(req("::1", " ::ffff:203.0.113.9 "), true)).toBe("203.0.113.9");
    // Malformed or missing: the proxy's own address, which is limited as one client.
    expect(requestAddress(req("::1", "203.0.113.9, garbage"), true)).toBe("::");
    expect(requestAddress(req("::1"), true)).toBe("::");
  });

  it("hashes addresses with a per-process key", () => {
    const a = createAddressHasher();
    const b = createAddressHasher();
    expect(a("192.0.2.1")).toBe(a("192.0.2.1"));
    expect(a("192.0.2.1")).not.toBe(b("192.0.2.1"));
    expect(a("192.0.2.1")).not.toContain("192");
    // One key per address group.
    expect(a("::ffff:192.0.2.1")).toBe(a("192.0.2.1"));
    expect(a("2001:db8::1")).toBe(a("2001:db8::2"));
    expect(a("2001:db8::1")).not.toBe(a("2001:db8:0:1::1"));
  });
});
