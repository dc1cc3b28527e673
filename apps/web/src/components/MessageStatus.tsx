import { selectComposerActions, useAppStore } from "../store";
import type { RoomMessage } from "../store/types";

/** What "Sent" promises, said where it is shown (F27). */
const SENT_MEANS =
  "The server accepted it and passed it to the members connected at that moment. Anyone away then does not get it.";

/**
 * The state of one of our messages: "Not sent yet" with Discard while it waits in the
 * outbox (F27), "Sending…" until the server acknowledges it, then "Sent", which means
 * the server took it, not that everyone read it.
 */
export function MessageStatus({ message }: { message: RoomMessage }) {
  const { discardQueued } = useAppStore(selectComposerActions);
  switch (message.status) {
    case "queued":
      return (
        <span className="message-status queued">
          {" · Not sent yet "}
          <button type="button" className="link-button" onClick={() => discardQueued(message.id)}>
            Discard
          </button>
        </span>
      );
    case "sending":
      return <span className="message-status sending"> · Sending…</span>;
    case "delivered":
      return (
        <span className="message-status delivered" title={SENT_MEANS}>
          {" · Sent"}
        </span>
      );
    default:
      return null;
  }
}
