import { FixedWindow } from "./fixedWindow.js";

/**
 * Room lookups one address group may make per minute. Each lookup stores a join
 * challenge in the room until it is used or expires, so lookups are what a flood
 * crowding out joiners' challenges would send.
 *
 * @example
 * if (!lookups.allow(address)) throw new ProtocolError("RATE_LIMITED");
 */
export class LookupLimit {
  readonly #limiter: FixedWindow;
  readonly #hashAddress: (address: string) => string;

  constructor(perMinute: number, hashAddress: (address: string) => string) {
    this.#limiter = new FixedWindow(perMinute, 60_000);
    this.#hashAddress = hashAddress;
  }

  /** Counts one lookup for `address`; false when it is over the limit. */
  allow(address: string): boolean {
    return this.#limiter.consume(this.#hashAddress(address));
  }
}
