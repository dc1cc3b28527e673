import { formatRoomId } from "@sanctuary/protocol";
import type { StateCreator } from "zustand";
import type { StoreDeps } from "./sdk";
import type { AppState, CreateForm, JoinForm, UiSlice } from "./types";

const EMPTY_CREATE_FORM: CreateForm = {
  alias: "",
  password: "",
  roomName: "",
  lifetime: "",
  showPassword: false,
};

const EMPTY_JOIN_FORM: JoinForm = { roomId: "", alias: "", password: "" };

/** Form values, kept in memory only so they survive re-renders and screen changes. */
export function createUiSlice(deps: StoreDeps): StateCreator<AppState, [], [], UiSlice> {
  return (set) => ({
    createForm: EMPTY_CREATE_FORM,
    joinForm: EMPTY_JOIN_FORM,
    inviteSeq: 0,
    theme: "system",
    sound: false,
    membersOpen: false,
    inviteOpen: false,
    uiActions: {
      setCreateField(field, value) {
        set((s) => ({ createForm: { ...s.createForm, [field]: value } }));
      },
      setJoinField(field, value) {
        set((s) => ({ joinForm: { ...s.joinForm, [field]: value } }));
      },
      generatePassword() {
        const password = deps.sdk.generatePassword();
        set((s) => ({ createForm: { ...s.createForm, password, showPassword: true } }));
      },
      prefillInvite(roomId, password) {
        set((s) => ({
          joinForm: {
            ...s.joinForm,
            roomId: formatRoomId(roomId),
            ...(password !== undefined ? { password } : {}),
          },
          inviteSeq: s.inviteSeq + 1,
        }));
      },
      setTheme(theme) {
        set({ theme });
      },
      setSound(sound) {
        set({ sound });
      },
      setMembersOpen(membersOpen) {
        set({ membersOpen });
      },
      setInviteOpen(inviteOpen) {
        set({ inviteOpen });
      },
    },
  });
}

/** The password lives only in the form, and only until a join succeeds or fails. */
export function withoutPasswords(s: AppState): Pick<AppState, "createForm" | "joinForm"> {
  return {
    createForm: { ...s.createForm, password: "", showPassword: false },
    joinForm: { ...s.joinForm, password: "" },
  };
}
