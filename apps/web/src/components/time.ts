const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Local "14:05" for a message's server timestamp. */
export function shortTime(ts: number): string {
  return TIME.format(ts);
}
