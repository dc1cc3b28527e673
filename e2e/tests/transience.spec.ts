import { NO_STORAGE } from "../support/chatUser";
import { expect, test } from "../support/fixtures";

const PASSWORD = "transience test password";

/**
 * Cover your tracks (F11), in this project's browser and the other one: after a whole
 * chat nothing is left in any browser storage, "back" after leaving shows the
 * invalidated screen instead of the chat, and a reload ends the session for good.
 */
test("after a whole chat nothing is stored; back after leaving shows Session invalidated", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const roomId = await alice.createRoom(PASSWORD, "Nothing stays");
  await bob.joinRoom(roomId, PASSWORD);
  await alice.send("first words");
  await bob.expectMessage(alice.alias, "first words");
  await bob.send(`/purr ${alice.alias} a whisper`);
  await alice.expectMessage(bob.alias, "a whisper");
  await bob.send("last words");
  await alice.expectMessage(bob.alias, "last words");

  for (const person of [alice, bob]) expect(await person.storedState()).toEqual(NO_STORAGE);

  await bob.leave();
  await expect(alice.messages()).toContainText(`${bob.alias} left`);
  await alice.leave();
  for (const person of [alice, bob]) {
    expect(await person.storedState()).toEqual(NO_STORAGE);
    await person.backToStart();
    // "Back" lands on the room's history entry: the session is dead, so no chat. (A
    // fragment-only history step fires no "load", so it is taken from inside the page.)
    await person.page.evaluate(() => history.back());
    await expect(person.page.getByRole("heading", { level: 1, name: "Session invalidated" })).toBeVisible();
    expect(await person.messages().count()).toBe(0);
    expect(await person.storedState()).toEqual(NO_STORAGE);
  }
});

test("a reload ends the session and the others see the member leave", async ({ people, uniq }) => {
  test.setTimeout(100_000);
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await bob.send("before the reload");
  await alice.expectMessage(bob.alias, "before the reload");

  await bob.page.reload();
  // Nothing of the chat comes back: the reloaded page has no session and no messages.
  await expect(bob.page.getByRole("heading", { level: 1, name: "Session invalidated" })).toBeVisible();
  await expect(bob.page.getByText("before the reload")).toHaveCount(0);
  // Firefox drops the page's connection before its last handler can say goodbye (the
  // reload now passes the "leave site?" prompt first, F28): the server sees a lost
  // connection and lets the seat go when the resume window (30 s) ends.
  await expect(alice.messages()).toContainText(new RegExp(`${bob.alias} (left|lost the connection)`));
  await expect(alice.memberRow(bob.alias)).toHaveCount(0, { timeout: 50_000 });
  expect(await bob.storedState()).toEqual(NO_STORAGE);
});
