import type { Db } from "@/lib/db/client";
import { recordAlertGroup } from "@/lib/relay/intake";
import { handleAlertmanagerWebhook } from "@/lib/relay/webhook-handler";
import { parseWebhookPayload } from "@/lib/relay/webhook-payload";

export type PhaseTimes = Record<string, { p50Ms: number; p99Ms: number }>;

const url = "http://127.0.0.1/api/alertmanager/webhook";

/**
 * Where one post's time goes inside the handler, run in this process one post at a time (no queueing): the
 * Request and its body, JSON.parse, the zod schema, the intake transaction, the refused-token path (auth alone)
 * and the whole handler. What the HTTP figures add on top is Next.js (routing, request/response objects), the
 * socket and the server's log line.
 */
export async function profileHandler(options: { db: Db; token: string; posts: number; nextBody: () => string }): Promise<PhaseTimes> {
  const samples: Record<string, number[]> = { "request + body": [], "JSON.parse": [], "zod parse": [], "intake transaction": [], "auth (401 path)": [], "whole handler": [] };
  const post = (body: string, token: string) =>
    new Request(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });

  for (let i = 0; i < options.posts; i += 1) {
    const t0 = performance.now();
    const text = await post(options.nextBody(), options.token).text();
    const t1 = performance.now();
    const json: unknown = JSON.parse(text);
    const t2 = performance.now();
    const parsed = parseWebhookPayload(json);
    const t3 = performance.now();
    if (!parsed.ok) throw new Error(`the bench's payload is invalid: ${parsed.reason}`);
    await recordAlertGroup(options.db, parsed.payload);
    const t4 = performance.now();
    const refused = await handleAlertmanagerWebhook(post(options.nextBody(), "not-the-token"), { db: options.db, token: options.token });
    const t5 = performance.now();
    const accepted = await handleAlertmanagerWebhook(post(options.nextBody(), options.token), { db: options.db, token: options.token });
    const t6 = performance.now();
    if (refused.status !== 401 || accepted.status !== 200) throw new Error(`unexpected answers ${refused.status}/${accepted.status}`);
    samples["request + body"]!.push(t1 - t0);
    samples["JSON.parse"]!.push(t2 - t1);
    samples["zod parse"]!.push(t3 - t2);
    samples["intake transaction"]!.push(t4 - t3);
    samples["auth (401 path)"]!.push(t5 - t4);
    samples["whole handler"]!.push(t6 - t5);
  }
  return Object.fromEntries(Object.entries(samples).map(([phase, times]) => [phase, summarise(times)]));
}

function summarise(times: number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}
