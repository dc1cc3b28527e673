import { useEffect, useId, useRef, useState } from "react";
import { inviteLink, inviteText } from "../lib/invite";
import {
  selectInviteOpen,
  selectInvitePassword,
  selectPreferenceActions,
  selectRoom,
  useAppStore,
} from "../store";
import { CopyButton } from "./CopyButton";
import { InviteQr } from "./InviteQr";

/**
 * The share panel (F18), a modal dialog: the invite text, a link with the room ID in
 * its fragment, a QR code of that link, copy buttons that work over plain http, and an
 * opt-in to put the password in the link. The password is in this page's memory only
 * because its holder typed it to get in; ticking the box is a choice made each time
 * the panel opens, never remembered.
 */
export function InvitePanel() {
  const open = useAppStore(selectInviteOpen);
  const room = useAppStore(selectRoom);
  const password = useAppStore(selectInvitePassword);
  const { setInviteOpen } = useAppStore(selectPreferenceActions);
  const dialog = useRef<HTMLDialogElement>(null);
  const [withPassword, setWithPassword] = useState(false);
  const titleId = useId();
  const linkId = useId();
  const warningId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      setWithPassword(false);
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  const origin = typeof location === "undefined" ? "" : location.origin;
  const link = room ? inviteLink(origin, room.roomId, withPassword && password ? password : undefined) : "";
  const text = room ? inviteText(room.roomName, room.roomId, link) : "";
  const close = () => setInviteOpen(false);

  return (
    <dialog
      ref={dialog}
      className="invite"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClose={() => {
        if (useAppStore.getState().inviteOpen) close();
      }}
    >
      {open && room && (
        <>
          <div className="invite-head">
            <h2 id={titleId}>Invite someone</h2>
            <button type="button" className="secondary" onClick={close}>
              Close
            </button>
          </div>
          <div className="invite-body">
            <div className="invite-details">
              <pre className="invite-text">{text}</pre>
              <div className="field">
                <label htmlFor={linkId}>Invite link</label>
                <input
                  id={linkId}
                  readOnly
                  value={link}
                  className="mono"
                  onFocus={(e) => e.currentTarget.select()}
                />
              </div>
              <div className="invite-copy">
                <CopyButton text={link} label="Copy link" />
                <CopyButton text={text} label="Copy invite text" />
              </div>
              <label className="check">
                <input
                  type="checkbox"
                  checked={withPassword}
                  disabled={!password}
                  aria-describedby={warningId}
                  onChange={(e) => setWithPassword(e.target.checked)}
                />
                Include password in link
              </label>
              <p id={warningId} className={withPassword ? "invite-warning" : "hint"}>
                {!password
                  ? "The password is no longer in this page’s memory, so it cannot go in the link."
                  : withPassword
                    ? "Anyone with this link can join the room: send it only to the people you are inviting, and only privately."
                    : "Without the password, tell it to them another way: in person, or over a different channel."}
              </p>
            </div>
            <InviteQr link={link} />
          </div>
          <p className="hint invite-fingerprint">
            Once in, they should see the room key <code>{room.roomFingerprint}</code>.
          </p>
        </>
      )}
    </dialog>
  );
}
