import { FixedWindow } from "./fixedWindow.js";

/**
 * Rooms one address may create per minute. Each room holds a verifier key and a
 * namespace until the heartbeat ends it, so creation is what a flood would target.
 *
 * @example
 * if (!roomCreation.allow(address)) return ack(ackError("RATE_LIMITED"));
 */
export class RoomCreationLimit {
  readonly #limiter: FixedWindow;
  readonly #hashAddress: (address: string) => string;

  constructor(perMinute: number, hashAddress: (address: string) => string) {
    this.#limiter = new FixedWindow(perMinute, 60_000);
    this.#hashAddress = hashAddress;
  }

  /** Counts one creation for `address`; false when it is over the limit. */
  allow(address: string): boolean {
    return this.#limiter.consume(this.#hashAddress(address));
  }
}
