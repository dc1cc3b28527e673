import { createInvite, createRoom, generatePassword, joinRoom, redeemInvite } from "@sanctuary/client";
import type { Sdk } from "./sdk";

/** The real SDK, as the store sees it. */
export const sdk: Sdk = { createRoom, joinRoom, generatePassword, createInvite, redeemInvite };
