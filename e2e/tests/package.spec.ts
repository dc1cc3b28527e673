import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "../support/fixtures";
import { freePort, InstalledPackage } from "../support/installedPackage";

// The release tarball as a host installs it (F46): no clone, no dev toolchain.
test.describe.configure({ mode: "serial" });

let installed: InstalledPackage;
test.beforeAll(() => {
  installed = InstalledPackage.install();
});
test.afterAll(async () => {
  await installed?.remove();
});

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

test("the installed package holds one bundled command and the web app, no dependencies or native addons", () => {
  const files = filesUnder(installed.home);
  expect(files).toContain(join("dist", "sanctuary.js"));
  expect(files).toContain(join("web", "index.html"));
  expect(files.filter((f) => f.includes("node_modules"))).toEqual([]);
  expect(files.filter((f) => f.endsWith(".node"))).toEqual([]);
});

test("--version, --help and start-up errors work from the installed command", async () => {
  expect(installed.run(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  expect(installed.run(["--help"]).stdout).toContain("Usage: sanctuary");
  const bad = installed.run(["--no-such-option"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--no-such-option");

  const port = await freePort();
  await installed.start(port, ["--quiet"]);
  const taken = installed.run(["--port", String(port)]);
  expect(taken).toMatchObject({ code: 1, stderr: `sanctuary: port ${port} is already in use\n` });
});

test("two members chat through the installed command, started from an empty directory", async ({
  people,
  uniq,
}) => {
  const port = await freePort();
  const banner = await installed.start(port);
  expect(banner).toContain("Sanctuary 0.1.0 is running");
  expect(banner).toContain(`http://127.0.0.1:${port}/`);
  const baseURL = `http://127.0.0.1:${port}`;

  const page = await fetch(`${baseURL}/`).then((r) => r.text());
  const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(page)?.[1];
  expect(entry).toBeTruthy();
  const script = await fetch(`${baseURL}${entry}`, { headers: { "accept-encoding": "br" } });
  expect(script.headers.get("content-encoding")).toBe("br");

  const password = `installed-${uniq}-password`;
  const ada = await people.open(`ada${uniq}`, { contextOptions: { baseURL } });
  const roomId = await ada.createRoom(password);
  const bob = await people.open(`bob${uniq}`, { contextOptions: { baseURL } });
  await bob.joinRoom(roomId, password);
  await ada.send("hello from the package");
  await bob.expectMessage(ada.alias, "hello from the package");
  await bob.send("hello back");
  await ada.expectMessage(bob.alias, "hello back");
});
