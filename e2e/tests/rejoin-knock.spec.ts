import type { BrowserContextOptions } from "@playwright/test";
import { type SpawnedServer, spawnServer } from "@sanctuary/testkit";
import type { ChatUser } from "../support/chatUser";
import { expect, test } from "../support/fixtures";

/**
 * A member offline for longer than the resume window comes back as a new member (F26);
 * when the room was locked meanwhile, that join becomes a knock (F34): "Waiting for the
 * owner to let you back in…", the owner's card, and back in the room with the
 * transcript kept, or an ended screen that says the owner refused. Each test runs its
 * own server with a 2 s resume window (the suite's server keeps the default).
 */
const PASSWORD = "let me back in password";
const SHOTS = "/work/shots/rejoinknock";
let server: SpawnedServer;

test.beforeEach(async () => {
  server = await spawnServer([
    "--quiet",
    "--resume-window",
    "2",
    "--heartbeat",
    "200",
    "--max-connections-per-address",
    "1000",
    "--max-lookups-per-minute",
    "1000",
  ]);
});
test.afterEach(async () => {
  await server?.stop("SIGKILL");
});

/** alice owns a room bob is in; bob goes offline past the window while alice locks it. */
async function lockedWhileAway(
  people: { open(alias: string, o: { contextOptions: BrowserContextOptions }): Promise<ChatUser> },
  uniq: string,
  viewport?: { width: number; height: number },
) {
  const contextOptions = { baseURL: server.url, ...(viewport ? { viewport } : {}) };
  const alice = await people.open(`alice${uniq}`, { contextOptions });
  const bob = await people.open(`bob${uniq}`, { contextOptions });
  const roomId = await alice.createRoom(PASSWORD, "Back in");
  await bob.joinRoom(roomId, PASSWORD);
  await alice.send("before the outage");
  await bob.expectMessage(alice.alias, "before the outage");

  await bob.setOffline(true);
  await expect(bob.page.getByText("Reconnecting…")).toBeVisible();
  await alice.page.getByRole("button", { name: "Room menu" }).click();
  await alice.page.getByRole("menuitem", { name: "Lock room" }).click();
  await expect(alice.messages()).toContainText(`Room locked by ${alice.alias}`);
  // Past the window the server lets bob's seat go.
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(1, { timeout: 15_000 });
  const back = Date.now();
  await bob.setOffline(false);
  await expect(bob.page.getByText("Waiting for the owner to let you back in…")).toBeVisible({
    timeout: 20_000,
  });
  test.info().annotations.push({ type: "network back → knocking", description: `${Date.now() - back} ms` });
  const card = alice.page.locator(".knock-card", { hasText: bob.alias });
  await expect(card).toContainText(`${bob.alias} is knocking`);
  return { alice, bob, card };
}

test("back after the window into a room locked meanwhile: knocks, is let in, and carries on", async ({
  people,
  uniq,
  browserName,
}) => {
  test.slow();
  const { alice, bob, card } = await lockedWhileAway(people, uniq);
  await expect(bob.page.getByText(/The knock waits \d+ more seconds/)).toBeVisible();
  await expect(card).toContainText(/\d+ s left/);
  await bob.page.screenshot({ path: `${SHOTS}/let-back-in-${browserName}-1280x800.png` });
  await alice.page.screenshot({ path: `${SHOTS}/owner-card-${browserName}-1280x800.png` });
  const letIn = Date.now();
  await card.getByRole("button", { name: "Let in" }).click();

  await expect(bob.page.getByText("Waiting for the owner to let you back in…")).toBeHidden();
  await expect(bob.page.getByText("Reconnecting…")).toBeHidden({ timeout: 15_000 });
  test
    .info()
    .annotations.push({ type: "let in → back in the room", description: `${Date.now() - letIn} ms` });
  await expect(bob.messages()).toContainText("messages sent meanwhile are not shown");
  // The transcript on screen is kept, and the member can talk again.
  await expect(bob.messages()).toContainText("before the outage");
  await bob.send("let back in");
  await alice.expectMessage(bob.alias, "let back in");
  await alice.expectMember(bob.alias);
});

test("the owner refuses: the ended screen says so", async ({ people, uniq }) => {
  test.slow();
  const { bob, card } = await lockedWhileAway(people, uniq);
  await card.getByRole("button", { name: "Refuse" }).click();
  await bob.expectEnded("You could not get back in", /the owner did not let you back in/);
});

test("at 390×844 the wait and its Cancel show; Cancel leaves the room", async ({
  people,
  uniq,
  browserName,
}) => {
  test.slow();
  const { alice, bob } = await lockedWhileAway(people, uniq, { width: 390, height: 844 });
  const cancel = bob.page.getByRole("button", { name: "Cancel and leave" });
  await expect(cancel).toBeInViewport();
  await bob.page.screenshot({ path: `${SHOTS}/let-back-in-${browserName}-390x844.png` });
  await cancel.click();
  await bob.expectEnded("You left the room");
  // The knock was withdrawn: the owner's card goes.
  await expect(alice.page.locator(".knock-card")).toHaveCount(0);
});

test("removed while away: back after the window, the ended screen states the bar's time", async ({
  people,
  uniq,
}) => {
  test.slow();
  const contextOptions = { baseURL: server.url };
  const alice = await people.open(`alice${uniq}`, { contextOptions });
  const bob = await people.open(`bob${uniq}`, { contextOptions });
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await bob.setOffline(true);
  await expect(alice.messages()).toContainText(`${bob.alias} lost the connection; their seat is held`);
  // Kicked while the seat is still held, away: bob's page never hears it.
  await alice.send(`/kick ${bob.alias}`);
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(1);
  await new Promise((r) => setTimeout(r, 2_500));
  await bob.setOffline(false);
  await bob.expectEnded("You could not get back in", "you can try again in 10 minutes");
});
