/** How long a member waits for an acknowledgement, and for a connection or a join. */
export const ACK_TIMEOUT_MS = 10_000;
export const JOIN_TIMEOUT_MS = 15_000;
/** The kit's `joinAsMember` timeouts. */
export const memberTimeouts = { ackMs: ACK_TIMEOUT_MS, joinMs: JOIN_TIMEOUT_MS };

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
