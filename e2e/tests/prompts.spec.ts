import { expect, test } from "../support/fixtures";

const PASSWORD = "no accidental exits";

/**
 * No accidental exits (F28): Leave asks in the page's own dialog, the browser's Back in
 * a room asks the same, and a reload gets the browser's "leave site?" prompt. Staying
 * keeps the session; going still ends it and wipes the page (F11).
 */
test("Leave and Back ask first; Cancel stays in the room, Confirm leaves", async ({ people, uniq }) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  const dialog = bob.confirmDialog();
  // On a phone the header button says only "Leave".
  const leave = bob.page.getByRole("button", { name: /^Leave( room)?$/ });

  await leave.click();
  await expect(dialog).toContainText("Leave the room?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Back: the page asks, and the address never holds anything but #/room.
  await bob.page.goBack();
  await expect(dialog).toContainText("Leave the room?");
  expect(new URL(bob.page.url()).hash).toBe("#/room");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await bob.send("still here");
  await alice.expectMessage(bob.alias, "still here");

  // Back again asks again; this time bob goes.
  await bob.page.goBack();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await bob.expectEnded("You left the room");
  await expect(alice.messages()).toContainText(`${bob.alias} left`);
});

test("a reload in a room gets the browser's prompt: staying keeps the session, going ends it", async ({
  people,
  uniq,
}) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  // The prompt needs the page to have been used (sticky activation): bob typed to get in.
  const seen: string[] = [];
  let answer: "dismiss" | "accept" = "dismiss";
  bob.page.on("dialog", (d) => {
    seen.push(d.type());
    void (answer === "accept" ? d.accept() : d.dismiss());
  });

  await bob.page.reload({ timeout: 5000 }).catch(() => undefined);
  await expect.poll(() => seen).toEqual(["beforeunload"]);
  await bob.send("did not reload");
  await alice.expectMessage(bob.alias, "did not reload");

  answer = "accept";
  await bob.page.reload();
  expect(seen).toEqual(["beforeunload", "beforeunload"]);
  await expect(bob.page.getByRole("heading", { level: 1, name: "Session invalidated" })).toBeVisible();
  // In Firefox the connection is cut before the page's last handler runs: the server
  // sees it lost, and lets the seat go when the resume window ends (transience.spec.ts).
  await expect(alice.messages()).toContainText(new RegExp(`${bob.alias} (left|lost the connection)`));
});
