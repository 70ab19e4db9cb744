/** Far above any real group (Alertmanager truncates them), low enough that one client cannot fill the memory. */
export const maxWebhookBodyBytes = 8 * 1024 * 1024;

/**
 * A fetch `Request`'s body as text, or `undefined` once it passes `maxBytes`: announced by Content-Length (nothing
 * is read) or found while streaming (reading stops there). Chunks are joined before decoding, so a character split
 * across two stays whole.
 */
export async function readBodyUpTo(request: Request, maxBytes = maxWebhookBodyBytes): Promise<string | undefined> {
  if (Number(request.headers.get("content-length")) > maxBytes) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
