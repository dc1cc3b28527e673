export * from "./ack.js";
export * from "./alias.js";
export * from "./base64url.js";
export * from "./clientHeader.js";
export * from "./contract.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./limits.js";
export * from "./proof.js";
export * from "./roomId.js";
export * from "./schemas.js";

/** Protocol version spoken by this package; bumps on any incompatible change. */
export const PROTOCOL_VERSION = 1;
