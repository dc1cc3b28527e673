import "../styles/knock.css";
import { useAppStore } from "../store";
import { selectKnockActions, selectKnockError, selectKnocks } from "../store/knockSlice";

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
        <div className="knock-card" key={k.knockId}>
          <p>
            <strong>{k.alias}</strong> is knocking
          </p>
          <div className="knock-card-actions">
            <button type="button" className="primary" onClick={() => void answer(k.knockId, true)}>
              Let in
            </button>
            <button type="button" className="secondary" onClick={() => void answer(k.knockId, false)}>
              Refuse
            </button>
          </div>
        </div>
      ))}
      {error !== null && <p className="hint">{error}</p>}
    </section>
  );
}
