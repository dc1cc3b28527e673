import "../styles/knock.css";
import { useAppStore } from "../store";
import {
  type KnockActions,
  type KnockCard,
  selectKnockActions,
  selectKnockError,
  selectKnocks,
} from "../store/knockSlice";
import { useSecondsLeft } from "./KnockWaiting";

/**
 * The owner's side of knocking (F35): one card per person who proved the password and
 * asks to come in, with "Let in" and "Refuse". A card goes when answered, when the knock
 * expires (a minute) or when the knocker gives up. Only the owner ever hears knocks.
 */
export function KnockCards() {
  const knocks = useAppStore(selectKnocks);
  const error = useAppStore(selectKnockError);
  const { answer } = useAppStore(selectKnockActions);
  if (knocks.length === 0 && error === null) return null;
  return (
    <section className="knock-cards" aria-label="Knocking" aria-live="polite">
      {knocks.map((k) => (
        <KnockCardItem key={k.knockId} card={k} answer={answer} />
      ))}
      {error !== null && <p className="hint">{error}</p>}
    </section>
  );
}

/** One knock: who, how long it still waits (it expires on its own), and the answers. */
function KnockCardItem({ card, answer }: { card: KnockCard; answer: KnockActions["answer"] }) {
  const left = useSecondsLeft(card.until);
  return (
    <div className="knock-card">
      <p>
        <strong>{card.alias}</strong> is knocking
        {left !== null && (
          <span className="knock-left" aria-hidden="true">
            {` · ${left} s left`}
          </span>
        )}
      </p>
      <div className="knock-card-actions">
        <button type="button" className="primary" onClick={() => void answer(card.knockId, true)}>
          Let in
        </button>
        <button type="button" className="secondary" onClick={() => void answer(card.knockId, false)}>
          Refuse
        </button>
      </div>
    </div>
  );
}
