import { selectRoomActions, useAppStore } from "../store";

interface MemberItemProps {
  id: string;
  alias: string;
  owner: boolean;
  you: boolean;
  /** The viewer owns the room, so may remove others. */
  canRemove: boolean;
}

/** One member: alias and badges, and for everyone else whisper (and, for the owner, remove). */
export function MemberItem({ id, alias, owner, you, canRemove }: MemberItemProps) {
  const { whisperTo, askKick } = useAppStore(selectRoomActions);
  return (
    <li className={you ? "member you" : "member"}>
      <span className="member-name">
        <span className="member-alias">{alias}</span>
        {you && <span className="member-you"> (you)</span>}
        {owner && (
          <>
            {" "}
            <span className="badge">owner</span>
          </>
        )}
      </span>
      {!you && (
        <span className="member-actions">
          <button type="button" className="member-action" onClick={() => whisperTo(id)}>
            Whisper<span className="sr-only"> to {alias}</span>
          </button>
          {canRemove && (
            <button type="button" className="member-action danger" onClick={() => askKick(id)}>
              Remove<span className="sr-only"> {alias}</span>
            </button>
          )}
        </span>
      )}
    </li>
  );
}
