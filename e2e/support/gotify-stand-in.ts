/**
 * Where e2e specs start a member's Gotify server: a loopback address the portal may call (OUTBOUND_ALLOWED_NETWORKS,
 * set by global-setup.ts), while 127.0.0.1, where the hub's own services listen, stays closed to it.
 */
export const gotifyStandInHost = "127.0.0.2";
