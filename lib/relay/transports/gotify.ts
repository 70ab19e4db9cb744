import { decryptSecret } from "@/lib/crypto";
import type { Transport } from "./transport";
import { fetchJson } from "./http-failure";
import { TransportError } from "./transport-error";

export type GotifyMessage = { title: string; message: string; priority: number };
export type GotifyDestination = { serverUrl: string; appToken: string; timeoutMs?: number };

// Gotify's Android app rings and pops up from priority 8; 4–7 make a sound; below that it stays quiet.
export const gotifyPriorities = { firing: 8, resolved: 4, code: 6 } as const;

/**
 * `POST {server}/message` with the application token in the X-Gotify-Key header (never in the URL, where
 * proxies log it). Returns the message id. Every 4xx but 408/429 is permanent: the token or server is the
 * member's, and only they can fix it.
 */
export async function sendGotifyMessage(destination: GotifyDestination, message: GotifyMessage): Promise<string> {
  const response = await fetchJson<{ id: number }>("gotify", `${destination.serverUrl}/message`, {
    method: "POST",
    headers: { "x-gotify-key": destination.appToken },
    body: message,
    ...(destination.timeoutMs ? { timeoutMs: destination.timeoutMs } : {}),
  });
  return String(response.id);
}

/** The worker's Gotify transport: opens each channel's sealed token with the portal's key, just for the send. */
export function createGotifyTransport(config: { secretKey: Buffer; timeoutMs?: number }): Transport {
  return async ({ channel, message, status }) => {
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
      { serverUrl: channel.address, appToken, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}) },
      { title, message: lines.join("\n"), priority: gotifyPriorities[status] },
    );
  };
}
