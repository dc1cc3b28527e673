import { describe, expect, it } from "vitest";
import { addressGroup } from "../src/net/addressGroup.js";

describe("address groups: IPv4 address, IPv6 /64, IPv4-mapped IPv6 as IPv4", () => {
  it("puts every spelling of addresses in one /64 into one group", () => {
    const group = addressGroup("2001:db8:0:1::1");
    expect(group).toBe("2001:db8:0:1::");
    for (const spelling of [
      "2001:db8:0:1::1",
      "2001:DB8:0:1::1",
      "2001:0db8:0000:0001:0000:0000:0000:0001",
      "2001:db8:0:1:ffff:ffff:ffff:ffff",
      "2001:db8::1:aaaa:bbbb:cccc:dddd",
      "2001:db8:0:1:0:0:0:0",
      "2001:db8:0:1::",
      "2001:db8:0:1::c0a8:1",
      "2001:db8:0:1::192.168.0.1",
      "2001:db8:0:1::1%eth0",
      " 2001:db8:0:1::7 ",
    ]) {
      expect(addressGroup(spelling), spelling).toBe(group);
    }
  });

  it("keeps different /64s apart, even next to each other", () => {
    expect(addressGroup("2001:db8:0:2::1")).toBe("2001:db8:0:2::");
    expect(addressGroup("2001:db8:0:1::1")).not.toBe(addressGroup("2001:db8:0:2::1"));
    expect(addressGroup("2001:db8:1::1")).not.toBe(addressGroup("2001:db8::1"));
    expect(addressGroup("fe80::1%eth0")).toBe("fe80::");
    expect(addressGroup("::1")).toBe("::");
  });

  it("folds IPv4-mapped IPv6 into its IPv4 address, in any spelling", () => {
    for (const spelling of [
      "::ffff:192.0.2.5",
      "::FFFF:192.0.2.5",
      "::ffff:c000:205",
      "0:0:0:0:0:ffff:c000:0205",
      "0000:0000:0000:0000:0000:ffff:192.0.2.5",
      "192.0.2.5",
    ]) {
      expect(addressGroup(spelling), spelling).toBe("192.0.2.5");
    }
  });

  it("keeps each IPv4 address its own group", () => {
    expect(addressGroup("192.0.2.5")).not.toBe(addressGroup("192.0.2.6"));
    expect(addressGroup("127.0.0.2")).toBe("127.0.0.2");
  });

  it("is idempotent, and leaves what is not an address alone", () => {
    for (const a of ["2001:db8:0:1::1", "::ffff:192.0.2.5", "10.0.0.1", "fe80::1%eth0", "unknown"]) {
      expect(addressGroup(addressGroup(a))).toBe(addressGroup(a));
    }
    expect(addressGroup("unknown")).toBe("unknown");
  });
});
