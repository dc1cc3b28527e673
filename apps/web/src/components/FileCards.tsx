import type { TransferView } from "../store/types";
import { TransferCard } from "./TransferCard";

/**
 * The files of one message (or one standalone group) as a line of the conversation:
 * under their message, on its side (yours on the right).
 */
export function FileCards({
  cards,
  mine,
  attached,
}: {
  cards: readonly TransferView[];
  mine: boolean;
  attached: boolean;
}) {
  const classes = ["message-files"];
  if (mine) classes.push("mine");
  if (attached) classes.push("attached");
  return (
    <li className={classes.join(" ")}>
      {cards.map((t) => (
        <TransferCard key={t.id} t={t} />
      ))}
    </li>
  );
}
