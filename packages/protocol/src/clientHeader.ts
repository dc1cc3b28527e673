/**
 * The header Sanctuary's own clients (the SDK, the test kit) put on every Socket.IO
 * handshake. A page on another site can make a visitor's browser send a bare GET (an
 * `<img>`, `<script>` or form) but cannot add a custom header without a CORS preflight,
 * which the server never grants. The server requires it on a polling handshake that
 * carries neither `Origin` nor `Sec-Fetch-Site` (plain HTTP to a LAN address, where
 * browsers send no fetch metadata); see docs/security.md, "Same-origin handshakes".
 */
export const CLIENT_HEADER = "x-sanctuary-client";
/** The value of {@link CLIENT_HEADER}. */
export const CLIENT_HEADER_VALUE = "1";
