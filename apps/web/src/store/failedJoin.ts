import type { AppState } from "./types";

/**
 * What the forms keep after a refused or failed join (F31). The password stays in form
 * state (memory only, shown as dots), so a taken alias or a network hiccup does not
 * send the invitee back for a link whose fragment already left the address bar; only a
 * wrong password is cleared, since keeping it helps nobody.
 */
export function formsAfterFailedJoin(s: AppState, err: unknown): Pick<AppState, "createForm" | "joinForm"> {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return {
    createForm: { ...s.createForm, showPassword: false },
    joinForm: code === "WRONG_PASSWORD" ? { ...s.joinForm, password: "" } : s.joinForm,
  };
}
