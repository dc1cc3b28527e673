import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createAddressHasher } from "../src/net/addressKey.js";
import { normaliseAddress, requestAddress } from "../src/net/clientAddress.js";

const req = (remoteAddress: string, xff?: string | string[]) =>
  ({
    socket: { remoteAddress },
    headers: xff === undefined ? {} : { "x-forwarded-for": xff },
  }) as unknown as IncomingMessage;

describe("client address", () => {
  it("folds IPv4-mapped IPv6 into IPv4, and lowercases IPv6", () => {
    expect(normaliseAddress("::ffff:192.168.1.20")).toBe("192.168.1.20");
    expect(normaliseAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normaliseAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normaliseAddress("127.0.0.1")).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(requestAddress(req("::ffff:10.0.0.1", "203.0.113.9"), false)).toBe("10.0.0.1");
  });

  it("behind a trusted proxy, takes the hop the proxy added (the last), not what the client wrote", () => {
    expect(requestAddress(req("::1", "203.0.113.9"), true)).toBe("203.0.113.9");
    expect(requestAddress(req("::1", "6.6.6.6, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(requestAddress(req("::1", " ::ffff:203.0.113.9 "), true)).toBe("203.0.113.9");
    // Malformed or missing: the proxy's own address, which is limited as one client.
    expect(requestAddress(req("::1", "203.0.113.9, garbage"), true)).toBe("::1");
    expect(requestAddress(req("::1"), true)).toBe("::1");
  });

  it("hashes addresses with a per-process key", () => {
    const a = createAddressHasher();
    const b = createAddressHasher();
    expect(a("192.0.2.1")).toBe(a("192.0.2.1"));
    expect(a("192.0.2.1")).not.toBe(b("192.0.2.1"));
    expect(a("192.0.2.1")).not.toContain("192");
  });
});
