import { afterEach, describe, expect, it } from "vitest";
import { installLifecycle } from "../src/lib/lifecycle";
import { createAppStore } from "../src/store/createAppStore";
import { FakeSession, fakeNav, fakeSdk } from "./fakes";

let uninstall: () => void = () => {};
afterEach(() => {
  uninstall();
  history.replaceState(null, "", "/");
});

function storeWith(session = new FakeSession()) {
  return createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
}

describe("browser lifecycle", () => {
  it("an invite link fills the join form, then leaves the address bar", () => {
    history.replaceState(null, "", "/#/r/k7qm-2xzd-9pwh-4tns");
    const store = storeWith();
    uninstall = installLifecycle(store);
    expect(store.getState().joinForm.roomId).toBe("K7QM-2XZD-9PWH-4TNS");
    expect(location.hash).toBe("");
    expect(location.pathname).toBe("/");
  });

  it("loading on #/room (reload, history) shows the invalidated screen", () => {
    history.replaceState(null, "", "/#/room");
    const store = storeWith();
    uninstall = installLifecycle(store);
    expect(store.getState().screen).toBe("invalidated");
  });

  it("pagehide closes a live session", async () => {
    const session = new FakeSession();
    const store = storeWith(session);
    uninstall = installLifecycle(store);
    const ui = store.getState().joinActions;
    ui.setJoinField("roomId", "K7QM2XZD9PWH4TNS");
    ui.setJoinField("alias", "bob");
    ui.setJoinField("password", "pw");
    await store.getState().joinActions.joinRoom();
    expect(store.getState().screen).toBe("room");
    window.dispatchEvent(new Event("pagehide"));
    expect(session.closed).toBe(1);
    expect(store.getState().screen).toBe("invalidated");
  });
});
