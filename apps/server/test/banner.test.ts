import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { formatBanner, formatQuietBanner, lanQrCode, lanUrl, reachableUrls } from "../src/banner.js";

const info = (address: string, family: "IPv4" | "IPv6", internal: boolean): NetworkInterfaceInfo =>
  ({
    address,
    family,
    internal,
    netmask: "",
    mac: "",
    cidr: null,
    ...(family === "IPv6" ? { scopeid: 0 } : {}),
  }) as NetworkInterfaceInfo;

const interfaces = {
  lo: [info("127.0.0.1", "IPv4", true), info("::1", "IPv6", true)],
  eth0: [
    info("192.168.1.20", "IPv4", false),
    info("fe80::1", "IPv6", false),
    info("2001:db8::20", "IPv6", false),
  ],
};

describe("banner", () => {
  it("lists loopback and LAN URLs for both families on a dual-stack wildcard, skipping link-local", () => {
    expect(reachableUrls({ host: "::", port: 6969, ipv6Only: false, interfaces })).toEqual([
      "http://127.0.0.1:6969/",
      "http://[::1]:6969/",
      "http://192.168.1.20:6969/",
      "http://[2001:db8::20]:6969/",
    ]);
  });

  it("lists only one family with -4 or -6, and just the host when one is given", () => {
    expect(reachableUrls({ host: "0.0.0.0", port: 1, ipv6Only: false, interfaces })).toEqual([
      "http://127.0.0.1:1/",
      "http://192.168.1.20:1/",
    ]);
    expect(reachableUrls({ host: "::", port: 1, ipv6Only: true, interfaces })).toEqual([
      "http://[::1]:1/",
      "http://[2001:db8::20]:1/",
    ]);
    expect(reachableUrls({ host: "::1", port: 1, ipv6Only: false, interfaces })).toEqual(["http://[::1]:1/"]);
  });

  it("says plainly that without TLS the traffic is visible but messages stay encrypted", () => {
    const banner = formatBanner({
      host: "127.0.0.1",
      port: 6969,
      ipv6Only: false,
      version: "1.2.3",
      interfaces,
    });
    expect(banner).toContain("1.2.3");
    expect(banner).toContain("http://127.0.0.1:6969/");
    expect(banner).toMatch(/No TLS.*end-to-end encrypted/);
  });

  it("with TLS lists https URLs and drops the plain-http line", () => {
    const input = { host: "::", port: 443, ipv6Only: false, tls: true, interfaces };
    expect(reachableUrls(input)[0]).toBe("https://127.0.0.1:443/");
    const banner = formatBanner({ ...input, version: "1" });
    expect(banner).not.toMatch(/No TLS/);
    expect(banner).toContain("https://[2001:db8::20]:443/");
  });

  it("without TLS says how to add it", () => {
    const banner = formatBanner({ host: "::", port: 1, ipv6Only: false, version: "1", interfaces });
    expect(banner).toMatch(/--tls-cert <file> --tls-key <file>/);
  });

  it("--quiet prints only the first URL", () => {
    expect(formatQuietBanner({ host: "::", port: 6969, ipv6Only: false, interfaces })).toBe(
      "http://127.0.0.1:6969/\n",
    );
    expect(formatQuietBanner({ host: "::", port: 6969, ipv6Only: true, interfaces })).toBe(
      "http://[::1]:6969/\n",
    );
  });

  it("shows a terminal QR code of the first LAN URL", async () => {
    const urls = reachableUrls({ host: "::", port: 6969, ipv6Only: false, interfaces });
    const lan = lanUrl(urls);
    expect(lan).toBe("http://192.168.1.20:6969/");
    expect(lanUrl(["http://127.0.0.1:1/", "http://[::1]:1/"])).toBeUndefined();
    const qr = await lanQrCode(lan ?? "");
    expect(qr.split("\n").length).toBeGreaterThan(10);
    expect(qr).toMatch(/[▀▄█]/);
    const banner = formatBanner({ host: "::", port: 6969, ipv6Only: false, version: "1", interfaces, qr });
    expect(banner).toContain(qr.trimEnd());
  });
});
