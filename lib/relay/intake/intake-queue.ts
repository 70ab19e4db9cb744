import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { recordAlertGroups } from "./record-alert-groups";
import type { WebhookPayload } from "./webhook-payload";

/** Where posted groups go: `record` resolves with the outbox rows stored once they are committed. */
export type AlertIntake = { record(payload: WebhookPayload): Promise<number> };

type Waiting = { payload: WebhookPayload; resolve: (stored: number) => void; reject: (error: unknown) => void };
type RecordGroups = (payloads: WebhookPayload[]) => Promise<number[]>;

/**
 * Group commit: posts that arrive while a transaction is running wait for the next one and share it, so a storm
 * costs a few round trips per batch instead of per post, while a lone post waits one event-loop turn. Up to
 * `concurrency` batches run together (PostgreSQL overlaps them; PGlite serialises them anyway).
 * A failed batch is retried post by post, so one bad group fails only its own post.
 */
export function createAlertIntake(
  recordGroups: RecordGroups,
  options: { maxBatch?: number; concurrency?: number } = {},
): AlertIntake {
  const maxBatch = options.maxBatch ?? 64;
  const concurrency = options.concurrency ?? 2;
  const queue: Waiting[] = [];
  let running = 0;

  let pumpScheduled = false;

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running += 1;
      void runBatch(recordGroups, batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  };
  // A batch starts after the posts read in the same turn of the event loop have joined it. Starting at once
  // would give each its own: PGlite runs a whole transaction in microtasks, before the next socket is even read.
  const schedulePump = () => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  };

  return {
    record: (payload) =>
      new Promise<number>((resolve, reject) => {
        queue.push({ payload, resolve, reject });
        schedulePump();
      }),
  };
}

async function runBatch(recordGroups: RecordGroups, batch: Waiting[]): Promise<void> {
  try {
    const stored = await recordGroups(batch.map((waiting) => waiting.payload));
    batch.forEach((waiting, index) => waiting.resolve(stored[index] ?? 0));
    const rows = stored.reduce((sum, count) => sum + count, 0);
    // A post that brings nothing new (a peer's copy, a retry) is the common case in a cluster: not worth a line.
    if (rows > 0)
      log.info(
        { posts: batch.length, groupsWithNews: stored.filter((count) => count > 0).length, rows },
        "alert groups recorded",
      );
    return;
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    log.warn({ err: error, posts: batch.length }, "alert batch failed; recording its posts one by one");
  }
  for (const waiting of batch) {
    try {
      const [stored] = await recordGroups([waiting.payload]);
      waiting.resolve(stored ?? 0);
    } catch (error) {
      waiting.reject(error);
    }
  }
}

// One intake per database handle in this process, on globalThis because Next.js bundles the route and the
// embedded worker's listener apart: they share its batches.
const intakesKey = Symbol.for("vigie.alert-intakes");
type GlobalWithIntakes = typeof globalThis & { [intakesKey]?: WeakMap<Db, AlertIntake> };

export function alertIntakeFor(db: Db): AlertIntake {
  const holder = globalThis as GlobalWithIntakes;
  const intakes = (holder[intakesKey] ??= new WeakMap());
  let intake = intakes.get(db);
  if (!intake) {
    intake = createAlertIntake((payloads) => recordAlertGroups(db, payloads));
    intakes.set(db, intake);
  }
  return intake;
}
