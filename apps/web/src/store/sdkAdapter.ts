import type {
  CreateInviteOptions,
  CreateRoomOptions,
  JoinRoomOptions,
  RedeemInviteOptions,
} from "@sanctuary/client";
import { generatePassword } from "@sanctuary/client/password";
import { loadConfusables } from "../lib/confusables";
import type { Sdk } from "./sdk";

/**
 * The SDK proper — sockets, ciphers and the Argon2id WASM — is a chunk of its own,
 * fetched on first use (or by `prefetchSdk`), so the home screen does not wait for it.
 * Password generation is small and synchronous, so it comes with the home screen. The
 * alias confusables table comes with the SDK (lib/confusables.ts).
 */
const loadClient = () =>
  Promise.all([import("@sanctuary/client"), loadConfusables()]).then(([client]) => client);

/** The real SDK, as the store sees it. */
export const sdk: Sdk = {
  createRoom: async (opts: CreateRoomOptions) => (await loadClient()).createRoom(opts),
  joinRoom: async (opts: JoinRoomOptions) => (await loadClient()).joinRoom(opts),
  generatePassword,
  createInvite: async (opts: CreateInviteOptions) => (await loadClient()).createInvite(opts),
  redeemInvite: async (opts: RedeemInviteOptions) => (await loadClient()).redeemInvite(opts),
};

/** Starts fetching the SDK chunk in the background; a failure shows up on first use. */
export function prefetchSdk(): void {
  loadClient().catch(() => {});
}
