import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServers } from "./helpers.js";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly the given Accept-Encoding (fetch would add and undo its own). */
function get(url: string, acceptEncoding?: string, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding };
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const SCRIPT = `export const greeting = ${JSON.stringify("hello ".repeat(400))};\n`;

describe("http: precompressed web assets", () => {
  const start = useServers();
  let webRoot: string;
  beforeAll(() => {
    webRoot = mkdtempSync(joinPath(tmpdir(), "sanctuary-web-"));
    mkdirSync(joinPath(webRoot, "assets"));
    mkdirSync(joinPath(webRoot, ".vite"));
    writeFileSync(joinPath(webRoot, "index.html"), "<!doctype html><title>Sanctuary</title>");
    const script = joinPath(webRoot, "assets", "app-abc123.js");
    writeFileSync(script, SCRIPT);
    writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
    writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
    // Only gzip exists for this one.
    writeFileSync(joinPath(webRoot, "assets", "style.css"), "body{}");
    writeFileSync(joinPath(webRoot, "assets", "style.css.gz"), gzipSync("body{}"));
    writeFileSync(joinPath(webRoot, ".vite", "manifest.json.gz"), gzipSync("{}"));
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

  it("sends brotli to a browser that accepts it, with the script's type and Vary", async () => {
    const t = await start({ webRoot });
    const res = await get(`${t.url}/assets/app-abc123.js`, "gzip, deflate, br, zstd");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it("sends gzip when brotli is not accepted, and the plain file when nothing is", async () => {
    const t = await start({ webRoot });
    const gz = await get(`${t.url}/assets/app-abc123.js`, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const refused = await get(`${t.url}/assets/app-abc123.js`, "br;q=0, gzip");
    expect(refused.headers["content-encoding"]).toBe("gzip");

    for (const accept of [undefined, "identity", "zstd"]) {
      const plain = await get(`${t.url}/assets/app-abc123.js`, accept);
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"], String(accept)).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      expect(plain.body.toString()).toBe(SCRIPT);
    }
  });

  it("falls back to gzip where only gzip was written, and answers HEAD", async () => {
    const t = await start({ webRoot });
    const css = await get(`${t.url}/assets/style.css`, "br, gzip");
    expect(css.headers["content-encoding"]).toBe("gzip");
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    const head = await get(`${t.url}/assets/app-abc123.js`, "br", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
  });

  it("serves no compressed copy of a dot directory and leaves files without copies alone", async () => {
    const t = await start({ webRoot });
    expect((await get(`${t.url}/.vite/manifest.json`, "gzip")).status).toBe(404);
    const index = await get(`${t.url}/`, "br, gzip");
    expect(index.status).toBe(200);
    expect(index.headers["content-encoding"]).toBeUndefined();
    expect(index.body.toString()).toContain("Sanctuary");
  });

  it("reads Accept-Encoding by presence, refusing q=0 and taking * for any", async () => {
    const t = await start({ webRoot });
    const url = `${t.url}/assets/app-abc123.js`;
    expect((await get(url, "gzip, deflate, br")).headers["content-encoding"]).toBe("br");
    expect((await get(url, "br;q=0.5, gzip;q=0")).headers["content-encoding"]).toBe("br");
    expect((await get(url, "br;q=0, gzip;q=0")).headers["content-encoding"]).toBeUndefined();
    expect((await get(url, "*")).headers["content-encoding"]).toBe("br");
    expect((await get(url)).headers["content-encoding"]).toBeUndefined();
  });
});
