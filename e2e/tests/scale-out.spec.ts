import { expect, test } from "../support/fixtures";
import { type ScaleOutCluster, startScaleOut } from "../support/scaleOut";

const PASSWORD = "two nodes one room";

/**
 * Scale-out (F19) in real browsers: two `sanctuary --redis` processes on their own ports
 * sharing one private Redis. Alice's browser talks only to node A, bob's (the other
 * browser type) and carol's only to node B; the room, its members and its commands are
 * shared through Redis.
 */
let cluster: ScaleOutCluster;

test.beforeAll(async () => {
  cluster = await startScaleOut(2);
});
test.afterAll(async () => {
  await cluster?.stop();
});

test("two browsers on two nodes: chat, whisper, a Redis drop and resume, kick and purge", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  test.slow();
  const [nodeA, nodeB] = cluster.urls as [string, string];
  const alice = await people.open(`alice${uniq}`, { contextOptions: { baseURL: nodeA } });
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser, contextOptions: { baseURL: nodeB } });
  const carol = await people.open(`carol${uniq}`, { contextOptions: { baseURL: nodeB } });

  const roomId = await alice.createRoom(PASSWORD, "Two nodes");
  await bob.joinRoom(roomId, PASSWORD);
  await carol.joinRoom(roomId, PASSWORD);
  for (const person of [alice, bob, carol]) {
    await expect(person.memberList().getByRole("listitem")).toHaveCount(3);
  }
  await expect(bob.page.locator("header")).toContainText("Two nodes");
  await expect(bob.memberRow(alice.alias)).toContainText("owner");

  await alice.send("hello from node A");
  await bob.expectMessage(alice.alias, "hello from node A");
  await carol.expectMessage(alice.alias, "hello from node A");
  await bob.send("hello from node B");
  await alice.expectMessage(bob.alias, "hello from node B");

  // A whisper from node A reaches bob on node B and not carol beside him.
  await carol.recordText();
  await alice.send(`/purr ${bob.alias} only for bob`);
  await expect(bob.messages().locator("li.whisper", { hasText: "only for bob" })).toContainText(
    `Whisper from ${alice.alias}`,
  );
  await alice.send("public after the whisper");
  await carol.expectMessage(alice.alias, "public after the whisper");
  expect(await carol.recordedText()).not.toContain("only for bob");

  // Redis drops every connection: both nodes drop their members to "reconnecting";
  // the pages resume on their own node and the chat goes on.
  await cluster.dropRedisConnections();
  for (const person of [alice, bob]) {
    await expect(person.messages()).toContainText(/You were away \d+ s/);
    await expect(person.connectionBanner()).toHaveCount(0);
  }
  await bob.send("after the Redis drop");
  await alice.expectMessage(bob.alias, "after the Redis drop");
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(3);

  // Kick across nodes, then purge across nodes.
  await alice.send(`/kick ${carol.alias}`);
  await carol.expectEnded("You were removed from the room", `Removed by ${alice.alias}`);
  await expect(bob.memberRow(carol.alias)).toHaveCount(0);
  await alice.send("/stop");
  await bob.expectEnded("The room was purged", `Purged by ${alice.alias}`);
  await alice.expectEnded("The room was purged", `Purged by ${alice.alias}`);
});
