import type { MemberKeyInfo } from "@sanctuary/client";
import { useId, useState } from "react";
import { selectComposerActions, selectModerationActions, useAppStore } from "../store";

interface MemberItemProps {
  id: string;
  alias: string;
  owner: boolean;
  you: boolean;
  away: boolean;
  /** The viewer owns the room, so may remove others. */
  canRemove: boolean;
  /** Whether this member's whisper key verified (F22), with its fingerprint. */
  keyInfo: MemberKeyInfo | undefined;
}

/**
 * One member: alias and badges; whisper (and, for the owner, remove) for everyone else;
 * and a "Key" disclosure with the fingerprint of the member's whisper key, to compare
 * with what that member sees as "your key". A member whose key did not verify is
 * marked unverified, and whispering to them is off.
 */
export function MemberItem({ id, alias, owner, you, away, canRemove, keyInfo }: MemberItemProps) {
  const { whisperTo } = useAppStore(selectComposerActions);
  const { askKick } = useAppStore(selectModerationActions);
  const [showKey, setShowKey] = useState(false);
  const keyId = useId();
  const reasonId = useId();
  const verified = keyInfo?.status === "verified";
  return (
    <li className={you ? "member you" : "member"}>
      <div className="member-row">
        <span className="member-name">
          <span className="member-alias">{alias}</span>
          {you && <span className="member-you"> (you)</span>}
          {owner && (
            <>
              {" "}
              <span className="badge">owner</span>
            </>
          )}
          {away && (
            <>
              {" "}
              <span className="badge">away</span>
            </>
          )}
          {!verified && (
            <>
              {" "}
              <span className="badge warning">unverified</span>
            </>
          )}
        </span>
        <span className="member-actions">
          <button
            type="button"
            className="member-action"
            aria-expanded={showKey}
            aria-controls={keyId}
            onClick={() => setShowKey(!showKey)}
          >
            Key<span className="sr-only"> of {alias}</span>
          </button>
          {!you && (
            <button
              type="button"
              className="member-action"
              disabled={!verified}
              aria-describedby={verified ? undefined : reasonId}
              title={verified ? undefined : "No verified key: whispers to this member are off"}
              onClick={() => whisperTo(id)}
            >
              Whisper<span className="sr-only"> to {alias}</span>
            </button>
          )}
          {!you && canRemove && (
            <button type="button" className="member-action danger" onClick={() => askKick(id)}>
              Remove<span className="sr-only"> {alias}</span>
            </button>
          )}
        </span>
      </div>
      {!verified && (
        <p id={reasonId} className="member-key-reason">
          {you
            ? "Your key reached the others altered: they cannot whisper to you."
            : "Key not verified: whispers to this member are off."}
        </p>
      )}
      <div id={keyId} className="member-key" hidden={!showKey}>
        {verified ? (
          <>
            <span className="member-key-label">{you ? "Your key" : `${alias}’s key`} </span>
            <code data-testid="member-fingerprint">{keyInfo?.fingerprint}</code>
          </>
        ) : (
          <span>{keyInfo?.status === "missing" ? "No key announced." : "The key did not verify."}</span>
        )}
      </div>
    </li>
  );
}
