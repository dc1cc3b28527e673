import type { NetworkInterfaceInfo } from "node:os";

export interface BannerInput {
  host: string;
  port: number;
  ipv6Only: boolean;
  /** Served over HTTPS/WSS: URLs say https, and the plain-http warning is left out. */
  tls?: boolean;
  version: string;
  /** `os.networkInterfaces()`; passed in so the banner is a pure function. */
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** A terminal QR code of the first LAN URL (`lanQrCode`), or null for none. */
  qr?: string | null;
}

/** The line that says what plain http means, and how to do better. */
const NO_TLS_LINE =
  "No TLS: others on the network can see your traffic, though messages stay end-to-end encrypted. " +
  "Add --tls-cert <file> --tls-key <file>, or a reverse proxy with TLS (docs/deploy.md).";

/**
 * The startup banner: where the server can be reached (a QR code for phones), and one
 * honest line about plain http. It is the only thing the server ever prints while
 * running, and it names no room, alias or visitor.
 *
 * @example
 * process.stdout.write(formatBanner({ host: "::", port: 6969, ipv6Only: false, version, interfaces }));
 */
export function formatBanner(input: BannerInput): string {
  const urls = reachableUrls(input);
  const lines = [
    `Sanctuary ${input.version} is running. Open one of these in a browser:`,
    ...urls.map((url) => `  ${url}`),
  ];
  if (input.qr) lines.push("Or scan this on a phone on the same network:", input.qr.trimEnd());
  if (!input.tls) lines.push(NO_TLS_LINE);
  lines.push("Press Ctrl+C to stop; every room ends with the server.");
  return `${lines.join("\n")}\n`;
}

/** What `--quiet` prints: the first URL alone, for scripts and service logs. */
export function formatQuietBanner(input: Omit<BannerInput, "version" | "qr">): string {
  return `${reachableUrls(input)[0] ?? ""}\n`;
}

/**
 * The first URL that is not loopback (the one a phone on the LAN can open), if any.
 *
 * @example
 * lanUrl(["http://127.0.0.1:6969/", "http://192.168.1.20:6969/"]); // "http://192.168.1.20:6969/"
 */
export function lanUrl(urls: readonly string[]): string | undefined {
  return urls.find((url) => !/^https?:\/\/(127\.|\[::1\]|localhost)/.test(url));
}

/**
 * A small terminal QR code (Unicode half blocks) of `url`. `qrcode` is loaded here, on
 * first use, not with the server: most starts print no QR code (`--quiet`, no LAN
 * address), and the module costs about 0.7 MiB of heap once loaded.
 *
 * @example
 * const qr = await lanQrCode("http://192.168.1.20:6969/");
 */
export async function lanQrCode(url: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(url, { type: "terminal", small: true });
}

/** URLs for the listening address: loopback first, then LAN addresses. */
export function reachableUrls(input: Omit<BannerInput, "version">): string[] {
  const { host, port } = input;
  const scheme = input.tls ? "https" : "http";
  const wildcardV4 = host === "0.0.0.0";
  const wildcardV6 = host === "::";
  if (!wildcardV4 && !wildcardV6) return [url(scheme, host, port)];

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
      (info.internal ? loopback : lan).push(url(scheme, info.address, port));
    }
  }
  if (loopback.length === 0) {
    if (wantV4) loopback.push(url(scheme, "127.0.0.1", port));
    if (wantV6) loopback.push(url(scheme, "::1", port));
  }
  return [...new Set([...loopback, ...lan])];
}

function url(scheme: string, address: string, port: number): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return `${scheme}://${host}:${port}/`;
}
