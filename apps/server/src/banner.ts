import type { NetworkInterfaceInfo } from "node:os";

export interface BannerInput {
  host: string;
  port: number;
  ipv6Only: boolean;
  version: string;
  /** `os.networkInterfaces()`; passed in so the banner is a pure function. */
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/**
 * The startup banner: where the server can be reached, and one honest line about plain
 * http. It is the only thing the server ever prints while running, and it names no
 * room, alias or visitor.
 *
 * @example
 * process.stdout.write(formatBanner({ host: "::", port: 6969, ipv6Only: false, version, interfaces }));
 */
export function formatBanner(input: BannerInput): string {
  const urls = reachableUrls(input);
  const lines = [
    `Sanctuary ${input.version} is running. Open one of these in a browser:`,
    ...urls.map((url) => `  ${url}`),
    "No TLS: others on the network can see that you connect, though messages stay end-to-end encrypted.",
    "Press Ctrl+C to stop; every room ends with the server.",
  ];
  return `${lines.join("\n")}\n`;
}

/** URLs for the listening address: loopback first, then LAN addresses. */
export function reachableUrls(input: Omit<BannerInput, "version">): string[] {
  const { host, port } = input;
  const wildcardV4 = host === "0.0.0.0";
  const wildcardV6 = host === "::";
  if (!wildcardV4 && !wildcardV6) return [url(host, port)];

  const wantV4 = wildcardV4 || !input.ipv6Only;
  const wantV6 = wildcardV6;
  const loopback: string[] = [];
  const lan: string[] = [];
  for (const infos of Object.values(input.interfaces)) {
    for (const info of infos ?? []) {
      const v4 = info.family === "IPv4";
      if ((v4 && !wantV4) || (!v4 && !wantV6)) continue;
      // Link-local IPv6 needs a zone ID, which browsers do not accept in URLs.
      if (!v4 && /^fe80:/i.test(info.address)) continue;
      (info.internal ? loopback : lan).push(url(info.address, port));
    }
  }
  if (loopback.length === 0) {
    if (wantV4) loopback.push(url("127.0.0.1", port));
    if (wantV6) loopback.push(url("::1", port));
  }
  return [...new Set([...loopback, ...lan])];
}

function url(address: string, port: number): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return `http://${host}:${port}/`;
}
