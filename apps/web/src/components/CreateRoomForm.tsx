import { ALIAS_RAW_MAX_CHARS, LIFETIME_CHOICES_SECONDS, ROOM_NAME_MAX_CHARS } from "@sanctuary/protocol";
import { useId } from "react";
import { selectCreateForm, selectJoinActions, useAppStore } from "../store";
import { JoinFormCard } from "./JoinFormCard";
import { PasswordField } from "./PasswordField";
import { PasswordStrength } from "./PasswordStrength";
import { TextField } from "./TextField";

const LIFETIME_LABELS: Readonly<Record<number, string>> = {
  900: "15 minutes",
  3600: "1 hour",
  86400: "24 hours",
};

/** F2: alias, password (or a generated one, the suggestion) with its strength (F32), optional name and self-destruct timer. */
export function CreateRoomForm() {
  const form = useAppStore(selectCreateForm);
  const ui = useAppStore(selectJoinActions);
  const { createRoom } = ui;
  const lifetimeId = useId();

  return (
    <JoinFormCard form="create" title="Create a room" submitLabel="Create room" onSubmit={createRoom}>
      <TextField
        label="Your alias"
        value={form.alias}
        onChange={(v) => ui.setCreateField("alias", v)}
        maxLength={ALIAS_RAW_MAX_CHARS}
        autoCapitalize="off"
      />
      <PasswordField
        value={form.password}
        shown={form.showPassword}
        onChange={(v) => ui.setCreateField("password", v)}
        onToggle={() => ui.setCreateField("showPassword", !form.showPassword)}
      />
      <PasswordStrength password={form.password} />
      <button type="button" className="secondary" onClick={ui.generatePassword}>
        Generate strong password
      </button>
      <p className="hint">Share the password by a different channel than the room ID.</p>
      <TextField
        label="Room name (optional)"
        value={form.roomName}
        onChange={(v) => ui.setCreateField("roomName", v)}
        maxLength={ROOM_NAME_MAX_CHARS}
        spellCheck
      />
      <div className="field">
        <label htmlFor={lifetimeId}>Self-destruct</label>
        <select
          id={lifetimeId}
          value={form.lifetime}
          onChange={(e) => ui.setCreateField("lifetime", e.target.value)}
        >
          <option value="">Off</option>
          {LIFETIME_CHOICES_SECONDS.map((seconds) => (
            <option key={seconds} value={String(seconds)}>
              {LIFETIME_LABELS[seconds] ?? `${seconds / 60} minutes`}
            </option>
          ))}
        </select>
      </div>
    </JoinFormCard>
  );
}
