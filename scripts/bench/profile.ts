import type { Db } from "@/lib/db/client";
import { createAlertIntake } from "@/lib/relay/intake/intake-queue";
import { recordAlertGroups } from "@/lib/relay/intake/record-alert-groups";
import { answerAlertmanagerPost } from "@/lib/relay/intake/webhook-handler";
import { parseWebhookPayload, type WebhookPayload } from "@/lib/relay/intake/webhook-payload";

export type PhaseTimes = Record<string, { p50Ms: number; p99Ms: number; samples: number }>;

/** Every this many posts, one batch of `batchSize` more: enough samples, without filling the tables 32 times over. */
const batchEvery = 4;
const batchSize = 32;

/**
 * Where one post's time goes inside the transport-agnostic handler, run in this process one post at a time (no
 * queueing, so the group commit forms batches of one): JSON.parse, the zod schema, the intake transaction, the
 * refused-token path (auth alone) and the whole handler. One phase shows what batching saves: a transaction
 * recording 32 posts of the same mix, per post. What the HTTP figures add on top is the server (node:http or
 * Next.js), the socket and the log line.
 */
export async function profileHandler(options: {
  db: Db;
  token: string;
  posts: number;
  nextBody: () => string;
}): Promise<PhaseTimes> {
  const { db, token } = options;
  const intake = createAlertIntake((payloads) => recordAlertGroups(db, payloads));
  const samples: Record<string, number[]> = {
    "JSON.parse": [],
    "zod parse": [],
    "intake transaction (one post)": [],
    [`intake per post, batch of ${batchSize}`]: [],
    "auth (401 path)": [],
    "whole handler": [],
  };
  const record = (phase: string, ms: number) => samples[phase]!.push(ms);

  for (let i = 0; i < options.posts; i += 1) {
    const t0 = performance.now();
    const json: unknown = JSON.parse(options.nextBody());
    const t1 = performance.now();
    const payload = parsePayload(json);
    const t2 = performance.now();
    await recordAlertGroups(db, [payload]);
    const t3 = performance.now();
    const refused = await answerAlertmanagerPost(
      { authorization: "Bearer not-the-token", body: options.nextBody() },
      { intake, token },
    );
    const t4 = performance.now();
    const accepted = await answerAlertmanagerPost(
      { authorization: `Bearer ${token}`, body: options.nextBody() },
      { intake, token },
    );
    const t5 = performance.now();
    if (refused.status !== 401 || accepted.status !== 200)
      throw new Error(`unexpected answers ${refused.status}/${accepted.status}`);
    record("JSON.parse", t1 - t0);
    record("zod parse", t2 - t1);
    record("intake transaction (one post)", t3 - t2);
    record("auth (401 path)", t4 - t3);
    record("whole handler", t5 - t4);
    if (i % batchEvery === 0) record(`intake per post, batch of ${batchSize}`, await timeBatch(db, options.nextBody));
  }
  return Object.fromEntries(Object.entries(samples).map(([phase, times]) => [phase, summarise(times)]));
}

/** One transaction recording `batchSize` new posts (parsed beforehand, off the clock), per post. */
async function timeBatch(db: Db, nextBody: () => string): Promise<number> {
  const batch = Array.from({ length: batchSize }, () => parsePayload(JSON.parse(nextBody())));
  const started = performance.now();
  await recordAlertGroups(db, batch);
  return (performance.now() - started) / batchSize;
}

function parsePayload(json: unknown): WebhookPayload {
  const parsed = parseWebhookPayload(json);
  if (!parsed.ok) throw new Error(`the bench's payload is invalid: ${parsed.reason}`);
  return parsed.payload;
}

function summarise(times: number[]): { p50Ms: number; p99Ms: number; samples: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), samples: sorted.length };
}
