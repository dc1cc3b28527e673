/**
 * A short, soft two-note chime made with the Web Audio API: no audio file is fetched.
 * One AudioContext is made on first use and kept; browsers only let it start after the
 * person has interacted with the page, which switching the sound on is.
 */
let context: AudioContext | null = null;

export function playTone(): void {
  const Ctor = typeof AudioContext === "function" ? AudioContext : undefined;
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    const ctx = context;
    if (ctx.state === "suspended") void ctx.resume();
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
  const Ctor = typeof AudioContext === "function" ? AudioContext : undefined;
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    if (context.state === "suspended") void context.resume();
  } catch {
    // ignored: see playTone
  }
}
