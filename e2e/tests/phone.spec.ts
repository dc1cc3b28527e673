import { expect, test } from "../support/fixtures";

test("two people on phones create, join and chat", async ({ people, uniq }, testInfo) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  await alice.page.screenshot({ path: testInfo.outputPath("home-phone.png") });

  const roomId = await alice.createRoom("pocket password");
  await bob.joinRoom(roomId, "pocket password");
  await bob.send("from my phone");
  await alice.expectMessage(bob.alias, "from my phone");
  await expect(alice.page.getByRole("textbox", { name: "Message" })).toBeInViewport();
  await alice.page.screenshot({ path: testInfo.outputPath("room-phone.png") });
});
