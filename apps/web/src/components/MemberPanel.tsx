import { useId, useState } from "react";
import { selectMembers, useAppStore } from "../store";
import { MemberList } from "./MemberList";

/** Members: a side panel on desktop, a collapsible strip on phones. */
export function MemberPanel() {
  const count = useAppStore(selectMembers).length;
  const [open, setOpen] = useState(true);
  const listId = useId();
  return (
    <aside className={open ? "member-panel" : "member-panel collapsed"} aria-label="Member list">
      <h2 className="member-heading">
        <span className="member-heading-text">Members ({count})</span>
        <button
          type="button"
          className="member-toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
        >
          Members ({count})<span aria-hidden="true">{open ? " ▴" : " ▾"}</span>
        </button>
      </h2>
      <MemberList id={listId} />
    </aside>
  );
}
