/**
 * A short, soft two-note chime made with the Web Audio API: no audio file is fetched.
 * One AudioContext is made on first use and kept; browsers only let it start after the
 * person has interacted with the page, which switching the sound on is.
 */
let context: AudioContext | null = null;

/** The page's AudioContext, made on first use and resumed if suspended; null without Web Audio. */
function audio(): AudioContext | null {
  const Ctor = typeof AudioContext === "function" ? AudioContext : undefined;
  if (!Ctor) return null;
  context ??= new Ctor();
  if (context.state === "suspended") void context.resume();
  return context;
}

export function playTone(): void {
  try {
    const ctx = audio();
    if (!ctx) return;
    const start = ctx.currentTime + 0.01;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const at = start + i * 0.12;
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.2);
    }
  } catch {
    // No sound is better than a broken page.
  }
}

/** Lets the audio start now, inside the click that switched the sound on. */
export function unlockTone(): void {
  try {
    audio();
  } catch {
    // ignored: see playTone
  }
}
