import { type KeyboardEvent, useEffect, useRef } from "react";
import { selectMemberCount, selectMembersOpen, selectPreferenceActions, useAppStore } from "../store";
import { KeyFingerprints } from "./KeyFingerprints";
import { MemberList } from "./MemberList";

export const MEMBER_PANEL_ID = "member-panel";
export const MEMBERS_BUTTON_ID = "members-button";

/**
 * Members: a side panel on desktop; on phones a drawer over the room, opened by the
 * header's "Members" button. An open drawer takes the focus (the rest of the room is
 * inert meanwhile), Escape or "Close" shuts it and the focus goes back to the button.
 * A closed drawer is inert: out of the tab order and hidden from assistive technology.
 */
export function MemberPanel({ phone }: { phone: boolean }) {
  const count = useAppStore(selectMemberCount);
  const open = useAppStore(selectMembersOpen) && phone;
  const { setMembersOpen } = useAppStore(selectPreferenceActions);
  const closeButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) closeButton.current?.focus();
    else if (wasOpen.current) document.getElementById(MEMBERS_BUTTON_ID)?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => setMembersOpen(false);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      // The room behind is inert; Tab wraps around inside the drawer.
      const focusable = [
        ...event.currentTarget.querySelectorAll<HTMLElement>("button:not(:disabled), [href], input"),
      ].filter((el) => el.offsetParent !== null);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={close} />}
      <aside
        id={MEMBER_PANEL_ID}
        className={open ? "member-panel open" : "member-panel"}
        aria-label="Member list"
        inert={phone && !open}
        onKeyDown={onKeyDown}
      >
        <div className="member-heading">
          <h2>Members ({count})</h2>
          <button ref={closeButton} type="button" className="secondary drawer-close" onClick={close}>
            Close<span className="sr-only"> member list</span>
          </button>
        </div>
        <MemberList />
        <KeyFingerprints />
      </aside>
    </>
  );
}
