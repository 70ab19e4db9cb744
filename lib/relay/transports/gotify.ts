import { decryptSecret } from "@/lib/crypto";
import { type GuardedResponse, guardedFetch } from "@/lib/http/guarded-fetch";
import type { OutboundPolicy } from "@/lib/http/outbound-policy";
import { outboundFailure, statusFailure } from "./http-failure";
import type { Transport } from "./transport";
import { TransportError } from "./transport-error";

export type GotifyMessage = { title: string; message: string; priority: number };
/** The server is the member's: `policy` (the guarded client's) keeps the request off the hub's own networks. */
export type GotifyDestination = { serverUrl: string; appToken: string; timeoutMs?: number; policy: OutboundPolicy };

// Gotify answers with the message it stored, echoed whole: our messages stay far below this.
const maxResponseBytes = 1024 * 1024;

// Gotify's Android app rings and pops up from priority 8; 4–7 make a sound; below that it stays quiet.
export const gotifyPriorities = { firing: 8, resolved: 4, code: 6 } as const;

/**
 * `POST {server}/message` with the application token in the X-Gotify-Key header (never in the URL, where
 * proxies log it). Returns the message id. Every 4xx but 408/429 is permanent: the token or server is the
 * member's, and only they can fix it.
 */
export async function sendGotifyMessage(destination: GotifyDestination, message: GotifyMessage): Promise<string> {
  let response: GuardedResponse;
  try {
    response = await guardedFetch(
      `${destination.serverUrl}/message`,
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-gotify-key": destination.appToken },
        body: JSON.stringify(message),
        timeoutMs: destination.timeoutMs ?? 30_000,
        maxResponseBytes,
      },
      destination.policy,
    );
  } catch (error) {
    throw outboundFailure("gotify", error);
  }
  if (response.status < 200 || response.status >= 300) throw statusFailure("gotify", response.status, response.headers);
  return String(messageIdOf(response.body));
}

function messageIdOf(body: Buffer): number {
  try {
    const { id } = JSON.parse(body.toString("utf8")) as { id?: unknown };
    if (typeof id === "number") return id;
  } catch {
    // Not JSON: the same answer as JSON without an id.
  }
  throw new TransportError("gotify: unexpected answer", { permanent: false });
}

/** The worker's Gotify transport: opens each channel's sealed token with the portal's key, just for the send. */
export function createGotifyTransport(config: {
  secretKey: Buffer;
  timeoutMs?: number;
  policy: OutboundPolicy;
}): Transport {
  return async ({ channel, message, alertStatus }) => {
    if (!channel.secretCiphertext) throw new TransportError("gotify: the channel has no token", { permanent: true });
    let appToken: string;
    try {
      appToken = decryptSecret(config.secretKey, channel.secretCiphertext, channel.id);
    } catch (error) {
      // The key changed or the row was tampered with: retrying will not help, the member must enter the token again.
      throw new TransportError("gotify: the stored token cannot be decrypted", { permanent: true, cause: error });
    }
    const [title = "", ...lines] = message.body.split("\n");
    return sendGotifyMessage(
      {
        serverUrl: channel.address,
        appToken,
        policy: config.policy,
        ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
      },
      { title, message: lines.join("\n"), priority: gotifyPriorities[alertStatus] },
    );
  };
}
