export type InviteMode = "one-time" | "plain";

/**
 * Which link the panel shows (F30): a one-time link that carries the password (the
 * default whenever this page still holds it), or a link with the room ID only.
 */
export function InviteLinkChoice({
  mode,
  canSeal,
  onChange,
}: {
  mode: InviteMode;
  canSeal: boolean;
  onChange: (mode: InviteMode) => void;
}) {
  return (
    <fieldset className="invite-choice">
      <legend className="sr-only">Kind of link</legend>
      <label className="check">
        <input
          type="radio"
          name="invite-mode"
          checked={mode === "one-time"}
          disabled={!canSeal}
          onChange={() => onChange("one-time")}
        />
        One-time link with password
      </label>
      <label className="check">
        <input
          type="radio"
          name="invite-mode"
          checked={mode === "plain"}
          onChange={() => onChange("plain")}
        />
        Link without password
      </label>
    </fieldset>
  );
}
