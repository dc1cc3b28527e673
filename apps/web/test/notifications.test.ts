// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { installAttention } from "../src/lib/attention";
import {
  NOTIFICATION_BODY,
  notificationsOn,
  notificationsUnavailable,
  setNotifications,
} from "../src/lib/notifications";
import { createAppStore } from "../src/store/createAppStore";
import { FakeSession, fakeNav, fakeSdk, incoming, member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");

/** jsdom has no isSecureContext: set it the way the browser would. */
function secure(value: boolean): void {
  Object.defineProperty(window, "isSecureContext", { value, configurable: true });
}

/** A stand-in for the browser's Notification, recording what would be shown. */
function fakeNotification(permission: NotificationPermission, answer: NotificationPermission = "granted") {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  const Fake = Object.assign(
    function (this: { close(): void }, title: string, options?: NotificationOptions) {
      shown.push({ title, options });
      this.close = () => {};
    },
    { permission, requestPermission: vi.fn(async () => answer) },
  );
  vi.stubGlobal("Notification", Fake);
  return { shown, Fake };
}

afterEach(async () => {
  await setNotifications(false);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("desktop notifications (F40)", () => {
  it("are unavailable on plain http, and say why", () => {
    secure(false);
    expect(notificationsUnavailable()).toBe("needs HTTPS or localhost");
  });

  it("ask the browser on opt-in; show no message content while the tab is hidden", async () => {
    secure(true);
    const { shown, Fake } = fakeNotification("default");
    expect(notificationsOn()).toBe(false);
    expect(await setNotifications(true)).toBe(true);
    expect(Fake.requestPermission).toHaveBeenCalledTimes(1);

    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
    const ui = store.getState().joinActions;
    ui.setJoinField("roomId", "K7QM2XZD9PWH4TNS");
    ui.setJoinField("alias", "bob");
    ui.setJoinField("password", "pw");
    await ui.joinRoom();
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    const uninstall = installAttention(store);
    session.emit("message", incoming("x1", alice, "the secret plan"));
    uninstall();

    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe("Sanctuary");
    expect(shown[0]?.options?.body).toBe(NOTIFICATION_BODY);
    expect(JSON.stringify(shown)).not.toContain("secret");
    expect(JSON.stringify(shown)).not.toContain("alice");
  });

  it("stay off when permission is refused", async () => {
    secure(true);
    fakeNotification("default", "denied");
    expect(await setNotifications(true)).toBe(false);
    expect(notificationsOn()).toBe(false);
  });
});
