import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { recordAlertGroup } from "@/lib/relay/intake";
import { alertGroupPayload } from "@/lib/relay/testing/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/relay/testing/seed";
import type { Transport } from "@/lib/relay/transports/transport";
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
    expect(row).toMatchObject({ state: "sent", externalId: "$event" });
  });

  it("stops the tasks already started when a later one fails to start", async () => {
    const events: string[] = [];
    const broken: WorkerTask = { start: () => Promise.reject(new Error("no homeserver")) };
    await expect(startWorker({ db: handle.db, transports: {}, tasks: [recordingTask("bot", events), broken] })).rejects.toThrow(
      "no homeserver",
    );
    expect(events).toEqual(["start bot", "stop bot"]);
  });
});
