// @vitest-environment jsdom
import { SanctuaryError } from "@sanctuary/client";
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PasswordStrength } from "../src/components/PasswordStrength";
import { inviteFromHash, oneTimeInviteLink } from "../src/lib/invite";
import { installLifecycle } from "../src/lib/lifecycle";
import { estimateStrength } from "../src/lib/passwordStrength";
import { createAppStore } from "../src/store/createAppStore";
import { INVITE_GONE_MESSAGE } from "../src/store/inviteSlice";
import { FakeSession, fakeNav, fakeSdk } from "./fakes";

const INVITE_ID = "AAECAwQFBgcICQoLDA0ODw";
const LINK_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

afterEach(() => {
  cleanup();
  history.replaceState(null, "", "/");
});

function setup(result: () => Promise<FakeSession> = async () => new FakeSession()) {
  const sdk = fakeSdk(result);
  return { sdk, store: createAppStore({ sdk, nav: fakeNav() }) };
}

describe("one-time invite links (F30)", () => {
  it("carry room ID, invite ID and link key in the fragment, and are read back", () => {
    const link = oneTimeInviteLink("http://h", {
      roomId: "K7QM2XZD9PWH4TNS",
      inviteId: INVITE_ID,
      linkKey: LINK_KEY,
    });
    expect(link).toBe(`http://h/#/i/K7QM2XZD9PWH4TNS/${INVITE_ID}/${LINK_KEY}`);
    expect(inviteFromHash(link.slice(link.indexOf("#")))).toEqual({
      roomId: "K7QM2XZD9PWH4TNS",
      oneTime: { inviteId: INVITE_ID, linkKey: LINK_KEY },
    });
    expect(inviteFromHash(`#/i/K7QM2XZD9PWH4TNS/${INVITE_ID}/short`)).toBeNull();
  });

  it("opening one clears the address bar at once, fetches the password and fills the join form", async () => {
    history.replaceState(null, "", `/#/i/K7QM2XZD9PWH4TNS/${INVITE_ID}/${LINK_KEY}`);
    const { store, sdk } = setup();
    const uninstall = installLifecycle(store);
    expect(location.hash).toBe("");
    expect(store.getState().redeemingInvite).toBe(true);
    await vi.waitFor(() => expect(store.getState().redeemingInvite).toBe(false));
    expect(sdk.redeemInvite).toHaveBeenCalledWith({
      roomId: "K7QM2XZD9PWH4TNS",
      inviteId: INVITE_ID,
      linkKey: LINK_KEY,
    });
    expect(store.getState().joinForm).toMatchObject({
      roomId: "K7QM-2XZD-9PWH-4TNS",
      password: "from the link",
    });
    uninstall();
  });

  it("a used or expired link says so and asks for a new one", async () => {
    const { store, sdk } = setup();
    sdk.redeemInvite.mockRejectedValueOnce(new SanctuaryError("NOT_FOUND", "gone"));
    await store.getState().inviteActions.redeemInvite("K7QM2XZD9PWH4TNS", INVITE_ID, LINK_KEY);
    expect(store.getState().formError).toEqual({ form: "join", message: INVITE_GONE_MESSAGE });
    expect(INVITE_GONE_MESSAGE).toBe("This invite link was already used or has expired; ask for a new one.");
    expect(store.getState().joinForm.password).toBe("");
  });

  it("keeps the link's password across join errors (F31), so the link need not be sent again", async () => {
    let refuse: SanctuaryError | null = new SanctuaryError("ALIAS_TAKEN", "taken");
    const { store } = setup(async () => {
      if (refuse) throw refuse;
      return new FakeSession();
    });
    await store.getState().inviteActions.redeemInvite("K7QM2XZD9PWH4TNS", INVITE_ID, LINK_KEY);
    store.getState().joinActions.setJoinField("alias", "bob");
    await store.getState().joinActions.joinRoom();
    expect(store.getState().formError?.message).toMatch(/alias/i);
    expect(store.getState().joinForm.password).toBe("from the link");
    refuse = new SanctuaryError("NETWORK", "offline");
    await store.getState().joinActions.joinRoom();
    expect(store.getState().joinForm.password).toBe("from the link");
    refuse = null;
    await store.getState().joinActions.joinRoom();
    expect(store.getState().screen).toBe("room");
    expect(store.getState().joinForm.password).toBe("");
  });

  it("the room makes a new one-time link from the password in memory each time", async () => {
    const { store, sdk } = setup();
    const ui = store.getState().joinActions;
    ui.setJoinField("roomId", "K7QM2XZD9PWH4TNS");
    ui.setJoinField("alias", "bob");
    ui.setJoinField("password", "pw 🌱");
    await ui.joinRoom();
    await store.getState().inviteActions.makeOneTimeLink();
    expect(sdk.createInvite).toHaveBeenCalledWith({ roomId: expect.any(String), password: "pw 🌱" });
    expect(store.getState().oneTimeLink).toMatchObject({ status: "ready", inviteId: INVITE_ID });
    await store.getState().inviteActions.makeOneTimeLink();
    expect(sdk.createInvite).toHaveBeenCalledTimes(2);
    store.getState().inviteActions.dropOneTimeLink();
    expect(store.getState().oneTimeLink).toEqual({ status: "none" });
  });
});

describe("password strength (F32)", () => {
  it("calls 'abc' very weak and a generated password very strong", async () => {
    expect((await estimateStrength("abc")).message).toMatch(/^Very weak: /);
    expect((await estimateStrength("k7qm-2xzd-9pwh-4tns-b3ve")).score).toBeGreaterThanOrEqual(3);
  });

  it("shows the warning under the field", async () => {
    render(<PasswordStrength password="abc" />);
    expect(await screen.findByText(/^Very weak: /)).toBeTruthy();
    await act(async () => {});
  });
});
