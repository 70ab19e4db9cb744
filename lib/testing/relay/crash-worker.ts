import { openDatabase } from "@/lib/db/client";
import { createMatrixTransport } from "@/lib/relay/transports/matrix";
import { startWorker } from "@/worker/start";

/**
 * A delivery worker as a child process, for the crash tests to SIGKILL: the database comes from DATABASE_URL
 * (PostgreSQL) or VIGIE_DATA_DIR (PGlite, which this process then owns), Matrix from the usual variables.
 * Short leases, so the rows a killed worker held come back within the test. Each send waits a moment after the
 * homeserver accepted it, before the outbox records it: the window where a crash would show a message twice if
 * the retry were not idempotent, widened so the test's kills land in it.
 */
async function main(): Promise<void> {
  const handle = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.VIGIE_DATA_DIR ?? "",
  });
  const matrix = createMatrixTransport({
    homeserverUrl: process.env.MATRIX_HOMESERVER_URL!,
    accessToken: process.env.MATRIX_BOT_ACCESS_TOKEN!,
  });
  const slowToAcknowledge: typeof matrix = async (delivery) => {
    const eventId = await matrix(delivery);
    await new Promise((resolve) => setTimeout(resolve, 400));
    return eventId;
  };
  const worker = await startWorker({
    db: handle.db,
    transports: { matrix: slowToAcknowledge },
    editors: {},
    intervalMs: 50,
    batchSize: 8,
    leaseMs: 2_000,
  });
  process.stdout.write("worker ready\n");
  process.on("SIGTERM", async () => {
    await worker.stop();
    await handle.close();
    process.exit(0);
  });
}

void main();
