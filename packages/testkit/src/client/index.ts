/**
 * The raw protocol client: the client side of Sanctuary's protocol done with Node's
 * crypto and socket.io-client, typed with the protocol's derived event maps. Random
 * keys stand in for passwords and random well-formed envelopes for ciphertext. Its
 * own entry point (`@sanctuary/testkit/client`) loads nothing else of the kit.
 */
export * from "./envelopes.js";
export * from "./rooms.js";
export * from "./sockets.js";
