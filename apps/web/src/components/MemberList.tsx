import {
  selectIsOwner,
  selectMemberKeys,
  selectMembers,
  selectOwnerId,
  selectRoom,
  useAppStore,
} from "../store";
import { MemberItem } from "./MemberItem";

/** Everyone in the room, in the order they joined. */
export function MemberList({ id }: { id?: string }) {
  const members = useAppStore(selectMembers);
  const ownerId = useAppStore(selectOwnerId);
  const keys = useAppStore(selectMemberKeys);
  const youId = useAppStore(selectRoom)?.youId;
  const youOwn = useAppStore(selectIsOwner);
  return (
    <ul aria-label="Members" id={id} className="member-list">
      {members.map((m) => (
        <MemberItem
          key={m.id}
          id={m.id}
          alias={m.alias}
          owner={m.id === ownerId}
          you={m.id === youId}
          away={m.away === true}
          canRemove={youOwn}
          keyInfo={keys[m.id]}
        />
      ))}
    </ul>
  );
}
