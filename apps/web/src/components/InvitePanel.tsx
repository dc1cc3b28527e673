import { useEffect, useId, useRef, useState } from "react";
import { inviteLink, inviteText, oneTimeInviteLink } from "../lib/invite";
import {
  selectInviteActions,
  selectInviteOpen,
  selectInvitePassword,
  selectOneTimeLink,
  selectPreferenceActions,
  selectRoom,
  useAppStore,
} from "../store";
import { CopyButton } from "./CopyButton";
import { InviteLinkChoice, type InviteMode } from "./InviteLinkChoice";
import { InviteQr } from "./InviteQr";
import { shortTime } from "./time";

/**
 * The share panel (F18, F30), a modal dialog: the invite text, a link and its QR code,
 * copy buttons that work over plain http, and "Copy password" (F32). By default the
 * link is one-time: the password sealed under a key only the link carries, fetched
 * once from the server and then gone. Each opening of the panel, and each "New
 * one-time link", is a new invite; the link key is forgotten when the panel closes.
 */
export function InvitePanel() {
  const open = useAppStore(selectInviteOpen);
  const room = useAppStore(selectRoom);
  const password = useAppStore(selectInvitePassword);
  const oneTime = useAppStore(selectOneTimeLink);
  const { setInviteOpen } = useAppStore(selectPreferenceActions);
  const { makeOneTimeLink, dropOneTimeLink } = useAppStore(selectInviteActions);
  const dialog = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<InviteMode>("one-time");
  const titleId = useId();
  const linkId = useId();
  const noteId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      setMode(password ? "one-time" : "plain");
      if (password) void makeOneTimeLink();
      el.showModal();
    } else if (!open && el.open) {
      el.close();
      dropOneTimeLink();
    }
  }, [open, password, makeOneTimeLink, dropOneTimeLink]);
  useEffect(() => dropOneTimeLink, [dropOneTimeLink]);

  const origin = typeof location === "undefined" ? "" : location.origin;
  let link = "";
  if (room && mode === "plain") link = inviteLink(origin, room.roomId);
  else if (oneTime.status === "ready") link = oneTimeInviteLink(origin, oneTime);
  const text = room && link ? inviteText(room.roomName, room.roomId, link) : "";
  const close = () => setInviteOpen(false);

  let note: string;
  if (mode === "plain") {
    note = "Without the password, tell it to them another way: in person, or over a different channel.";
  } else if (oneTime.status === "ready") {
    note = `Works once, until ${shortTime(oneTime.expiresAt)}. Whoever opens it first gets the password: send it privately.`;
  } else if (oneTime.status === "failed") {
    note = oneTime.message;
  } else {
    note = "Making a one-time link…";
  }

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
              <InviteLinkChoice mode={mode} canSeal={password !== null} onChange={setMode} />
              {text && <pre className="invite-text">{text}</pre>}
              <div className="field">
                <label htmlFor={linkId}>{mode === "plain" ? "Invite link" : "One-time invite link"}</label>
                <input
                  id={linkId}
                  readOnly
                  value={link}
                  className="mono"
                  aria-describedby={noteId}
                  onFocus={(e) => e.currentTarget.select()}
                />
              </div>
              <p id={noteId} className={mode === "plain" ? "hint" : "invite-warning"} role="status">
                {note}
              </p>
              <div className="invite-copy">
                {link && <CopyButton text={link} label="Copy link" />}
                {text && <CopyButton text={text} label="Copy invite text" />}
                {mode === "one-time" && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={oneTime.status === "making"}
                    onClick={() => void makeOneTimeLink()}
                  >
                    New one-time link
                  </button>
                )}
                {password && <CopyButton text={password} label="Copy password" />}
              </div>
            </div>
            {link && <InviteQr link={link} />}
          </div>
          <p className="hint invite-fingerprint">
            Once in, they should see the room key <code>{room.roomFingerprint}</code>.
          </p>
        </>
      )}
    </dialog>
  );
}
