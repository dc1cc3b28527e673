import { selectRoom, useAppStore } from "../store";

/**
 * The room key's fingerprint and this member's own, labelled so that people can read
 * them out to each other: everyone who knows the password sees the same room key, and
 * the others see "your key" in your member row. Different values mean a different room
 * or a swapped key.
 */
export function KeyFingerprints() {
  const room = useAppStore(selectRoom);
  if (!room) return null;
  return (
    <section className="fingerprints" aria-label="Key fingerprints">
      <h3>Compare keys</h3>
      <dl>
        <dt>Room key</dt>
        <dd>
          <code data-testid="room-fingerprint">{room.roomFingerprint}</code>
        </dd>
        <dt>Your key</dt>
        <dd>
          <code data-testid="your-fingerprint">{room.yourFingerprint}</code>
        </dd>
      </dl>
      <p className="hint">Read them out to each other, or compare them over another channel.</p>
    </section>
  );
}
