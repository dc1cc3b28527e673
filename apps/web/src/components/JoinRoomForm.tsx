import { ALIAS_RAW_MAX_CHARS } from "@sanctuary/protocol";
import { useEffect, useRef } from "react";
import {
  selectInviteSeq,
  selectJoinActions,
  selectJoinForm,
  selectRedeemingInvite,
  useAppStore,
} from "../store";
import { JoinFormCard } from "./JoinFormCard";
import { TextField } from "./TextField";

/** F3: room ID, alias and password (kept across join errors, F31). */
export function JoinRoomForm() {
  const form = useAppStore(selectJoinForm);
  const inviteSeq = useAppStore(selectInviteSeq);
  const ui = useAppStore(selectJoinActions);
  const redeeming = useAppStore(selectRedeemingInvite);
  const { joinRoom } = ui;
  const aliasRef = useRef<HTMLInputElement>(null);

  // An invite link filled in the room ID: the alias is what is left to type.
  useEffect(() => {
    if (inviteSeq > 0) aliasRef.current?.focus();
  }, [inviteSeq]);

  return (
    <JoinFormCard form="join" title="Join a room" submitLabel="Join room" onSubmit={joinRoom}>
      <TextField
        label="Room ID"
        value={form.roomId}
        onChange={(v) => ui.setJoinField("roomId", v)}
        placeholder="XXXX-XXXX-XXXX-XXXX"
        autoCapitalize="characters"
        maxLength={40}
        className="mono"
      />
      <TextField
        label="Your alias"
        value={form.alias}
        onChange={(v) => ui.setJoinField("alias", v)}
        maxLength={ALIAS_RAW_MAX_CHARS}
        autoCapitalize="off"
        inputRef={aliasRef}
      />
      <TextField
        label="Password"
        type="password"
        value={form.password}
        onChange={(v) => ui.setJoinField("password", v)}
        autoCapitalize="off"
      />
      {redeeming && (
        <p className="hint" role="status">
          Opening the one-time invite link…
        </p>
      )}
      {!redeeming && inviteSeq > 0 && form.password !== "" && (
        <p className="hint">The password came with the invite link.</p>
      )}
    </JoinFormCard>
  );
}
