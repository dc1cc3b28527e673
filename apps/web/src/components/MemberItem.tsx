interface MemberItemProps {
  alias: string;
  owner: boolean;
  you: boolean;
}

export function MemberItem({ alias, owner, you }: MemberItemProps) {
  return (
    <li className={you ? "member you" : "member"}>
      <span className="member-alias">{alias}</span>
      {you && <span className="member-you"> (you)</span>}
      {owner && (
        <>
          {" "}
          <span className="badge">owner</span>
        </>
      )}
    </li>
  );
}
