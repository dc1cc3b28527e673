import { ChatUser } from "../support/chatUser";
import { expect, test } from "../support/fixtures";

test("two people on phones create, join and chat", async ({ browser, baseURL, uniq }, testInfo) => {
  const alice = await ChatUser.open(browser, `alice${uniq}`, baseURL as string);
  const bob = await ChatUser.open(browser, `bob${uniq}`, baseURL as string);
  await alice.page.screenshot({ path: testInfo.outputPath("home-phone.png") });

  const roomId = await alice.createRoom("pocket password");
  await bob.joinRoom(roomId, "pocket password");
  await bob.send("from my phone");
  await alice.expectMessage(bob.alias, "from my phone");
  await expect(alice.page.getByRole("textbox", { name: "Message" })).toBeInViewport();
  await alice.page.screenshot({ path: testInfo.outputPath("room-phone.png") });

  await Promise.all([alice.close(), bob.close()]);
});
