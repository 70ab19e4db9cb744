import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { recordAlertGroup } from "@/lib/relay/intake/record-alert-groups";
import type { Transport } from "@/lib/relay/transports/transport";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { waitFor } from "@/lib/testing/wait-for";
import { startWorker, type WorkerTask } from "./start";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

function recordingTask(name: string, events: string[]): WorkerTask {
  return {
    async start() {
      events.push(`start ${name}`);
      return { stop: async () => void events.push(`stop ${name}`) };
    },
  };
}

describe("startWorker", () => {
  it("delivers queued notifications, and stop() waits for the send in flight, then stops the tasks in reverse", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    const events: string[] = [];
    let sendStarted!: () => void;
    const started = new Promise<void>((resolve) => (sendStarted = resolve));
    const slowTransport: Transport = async () => {
      sendStarted();
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.push("sent");
      return "$event";
    };
    const worker = await startWorker({
      db: handle.db,
      transports: { matrix: slowTransport },
      tasks: [recordingTask("bot", events), recordingTask("reconcile", events)],
      intervalMs: 50,
    });
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    await started;
    await worker.stop();

    expect(events).toEqual(["start bot", "start reconcile", "sent", "stop reconcile", "stop bot"]);
    const [row] = await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId));
    expect(row).toMatchObject({ deliveryState: "sent", externalId: "$event" });
  });

  it("stops the tasks already started when a later one fails to start", async () => {
    const events: string[] = [];
    const broken: WorkerTask = { start: () => Promise.reject(new Error("no homeserver")) };
    await expect(
      startWorker({ db: handle.db, transports: {}, tasks: [recordingTask("bot", events), broken] }),
    ).rejects.toThrow("no homeserver");
    expect(events).toEqual(["start bot", "stop bot"]);
  });

  it("as the sole worker, takes back at once the rows a crashed predecessor had leased", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    // The predecessor claimed the row for ten minutes, then died.
    await handle.db
      .update(notifications)
      .set({ leaseUntil: new Date(Date.now() + 600_000) })
      .where(eq(notifications.memberId, memberId));
    const sent: string[] = [];
    const worker = await startWorker({
      db: handle.db,
      transports: { matrix: async ({ notificationId }) => (sent.push(notificationId), "$event") },
      intervalMs: 20,
      soleWorker: true,
    });
    await waitFor("the row, sent", async () => (sent.length > 0 ? true : undefined), 10_000);
    await worker.stop();
    expect(sent).toHaveLength(1);
  });
});
