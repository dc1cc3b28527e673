import { expect, type Page, test } from "@playwright/test";
import { type SpawnedServer, spawnServer } from "@sanctuary/testkit";
import { INSECURE_HOST } from "../support/browsers";

// Over plain HTTP to a LAN address the browser sends no Sec-Fetch-* and an <img> no
// Origin: another site's <img>s pointing at the polling handshake must not open
// engine.io sessions, which would hold the visitor's connection slots (docs/security.md,
// "Same-origin handshakes"). http://localhost:<port> is another site than
// http://sanctuary.test:<port>. Each test runs its own server with three slots per
// address. (Chromium 156 blocks these <img> requests itself here, as a local-network
// request from another site; Firefox sends them, and refused them on the code before
// the client header.)
const SLOTS = 3;
let server: SpawnedServer;
let lanUrl: string;

test.beforeEach(async () => {
  server = await spawnServer([
    "--quiet",
    "--max-connections-per-address",
    String(SLOTS),
    "--allowed-host",
    INSECURE_HOST,
  ]);
  lanUrl = server.url.replace("127.0.0.1", INSECURE_HOST);
});
test.afterEach(async () => {
  await server?.stop("SIGKILL");
});

/** Statuses of the page's own polling handshakes, with the SDK's header or without. */
function ownHandshakes(page: Page, count: number, header: boolean): Promise<number[]> {
  return page.evaluate(
    async ({ count, header }) => {
      const statuses: number[] = [];
      for (let i = 0; i < count; i++) {
        const headers: Record<string, string> = header ? { "x-sanctuary-client": "1" } : {};
        const res = await fetch(`/socket.io/?EIO=4&transport=polling&n=${i}`, { headers });
        statuses.push(res.status);
      }
      return statuses;
    },
    { count, header },
  );
}

test("another site's <img>s at the polling handshake hold none of the visitor's connection slots", async ({
  page,
}) => {
  const port = new URL(server.url).port;
  const attacker = `http://localhost:${port}/attacker.html`;
  const images = Array.from(
    { length: SLOTS * 2 },
    // The attacker drops the Referer, which would otherwise name its origin.
    (_, i) => `<img referrerpolicy="no-referrer" src="${lanUrl}/socket.io/?EIO=4&transport=polling&i=${i}">`,
  );
  await page.route(attacker, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html>${images.join("")}` }),
  );
  let settled = 0;
  const done = (r: { url(): string }) => {
    if (r.url().startsWith(`${lanUrl}/socket.io/`)) settled++;
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  await page.goto(attacker);
  await expect.poll(() => settled).toBe(SLOTS * 2);

  await page.goto(`${lanUrl}/healthz`);
  // The visitor's own page: every slot is still free for it.
  expect(await ownHandshakes(page, SLOTS, true)).toEqual([200, 200, 200]);
});

test("the page's own polling handshake needs the client header over plain HTTP", async ({ page }) => {
  await page.goto(`${lanUrl}/healthz`);
  expect(await ownHandshakes(page, 1, false)).toEqual([403]);
  expect(await ownHandshakes(page, 1, true)).toEqual([200]);
});
