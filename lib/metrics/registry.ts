import { collectDefaultMetrics, Registry } from "prom-client";
import { type Db, db } from "@/lib/db/client";
import { registerDatabaseGauges } from "./database-gauges";
import { type DeliveryRecord, type Recorders, registerRecorders, type WebhookRecord } from "./recorders";

export type Metrics = Recorders & { registry: Registry };

/** A registry with every Vigie metric: Node's defaults, the in-process recorders and the database gauges. */
export function createMetrics(options: { readDb: () => Promise<Db> }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "vigie_" });
  registerDatabaseGauges(registry, options.readDb);
  return { registry, ...registerRecorders(registry) };
}

// One registry per process, shared by Next.js's duplicated bundles and the embedded worker: registering twice
// would throw, and two registries would each hold half of the counts. The database is the process's own
// (getDatabase() is itself a process singleton), so PGlite is never opened twice.
const metricsKey = Symbol.for("vigie.metrics");
type GlobalWithMetrics = typeof globalThis & { [metricsKey]?: Metrics };

export function processMetrics(): Metrics {
  const holder = globalThis as GlobalWithMetrics;
  holder[metricsKey] ??= createMetrics({ readDb: db });
  return holder[metricsKey];
}

/** Records one delivery attempt's result (called by lib/relay/outbox/deliver.ts). */
export function recordDelivery(record: DeliveryRecord): void {
  processMetrics().recordDelivery(record);
}

/** Records one Alertmanager webhook post (called by the webhook handler). */
export function recordWebhook(record: WebhookRecord): void {
  processMetrics().recordWebhook(record);
}

export type { DeliveryRecord, WebhookRecord };
