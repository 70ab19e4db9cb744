import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { notifications, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createServerDatabase } from "@/lib/testing/database";
import { matrixRequest } from "@/lib/testing/relay/matrix-user";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { type SynapseWithRoom, startSynapseWithDirectRoom } from "@/lib/testing/relay/synapse-room";
import { waitFor } from "@/lib/testing/wait-for";

const total = 64;
let matrix: SynapseWithRoom;
let dataDir: string;
let databaseUrl: string | undefined;
let dropDatabase = async () => {};

/** The same database as the child worker: a fresh PostgreSQL database, or a PGlite folder it takes over. */
async function openShared() {
  return openDatabase({ databaseUrl, dataDir });
}

beforeAll(async () => {
  matrix = await startSynapseWithDirectRoom("crash");
  dataDir = mkdtempSync(path.join(tmpdir(), "vigie-crash-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = await createServerDatabase(serverUrl);
    databaseUrl = database.url;
    dropDatabase = database.drop;
  }
  // One member, one room, `total` alert groups: a storm in miniature, each message naming its own target.
  const handle = await openShared();
  const { memberId } = await seedMember(handle.db);
  const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: matrix.roomId });
  const storm = Array.from({ length: total }, (_, index) => {
    const label = `cible-${String(index).padStart(3, "0")}`;
    return { targetId: newId("t"), label };
  });
  await handle.db.insert(targets).values(
    storm.map(({ targetId, label }) => ({
      id: targetId,
      memberId,
      kind: "brick" as const,
      label,
      address: `https://${label}.example.org/`,
    })),
  );
  await handle.db.insert(notifications).values(
    storm.map(({ targetId, label }) => ({
      id: newId("n"),
      dedupeKey: newId("n"),
      memberId,
      channelId,
      groupKey: `{}:{target="${targetId}"}`,
      alertStatus: "firing" as const,
      alerts: [
        {
          alertname: "BlackboxProbeFailed",
          status: "firing" as const,
          severity: "critical",
          targetId,
          instance: null,
          summary: null,
          startsAt: "2026-11-27T08:00:00Z",
          fingerprint: label,
        },
      ],
    })),
  );
  await handle.close();
}, 120_000);

afterAll(async () => {
  await matrix?.stop();
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorkerProcess(): Promise<ChildProcess> {
  // Node itself, with tsx as a loader: through the tsx command, SIGKILL would reach tsx and not the worker.
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/relay/crash-worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl ?? "",
      VIGIE_DATA_DIR: dataDir,
      MATRIX_HOMESERVER_URL: matrix.synapse.url,
      MATRIX_BOT_ACCESS_TOKEN: matrix.bot.accessToken,
      LOG_LEVEL: "warn",
      // tsx's settings outside Next.js (tsconfig.node.json: `server-only` is an empty module there).
      TSX_TSCONFIG_PATH: "tsconfig.node.json",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("worker ready")) resolve(child);
    });
    // Killed on purpose later: only an exit before "ready" is a failure.
    child.on("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function notificationStates(): Promise<string[]> {
  const handle = await openShared();
  const rows = await handle.db.select({ deliveryState: notifications.deliveryState }).from(notifications);
  await handle.close();
  return rows.map((row) => row.deliveryState);
}

/** Every label the bot has shown in the room, with repeats: read forward from the room's start. */
async function labelsInRoom(): Promise<string[]> {
  const path = `/rooms/${encodeURIComponent(matrix.roomId)}/messages?dir=f&limit=1000`;
  const { chunk } = await matrixRequest<{ chunk: { sender: string; content: { body?: string } }[] }>(
    matrix.synapse.url,
    matrix.member,
    "GET",
    path,
  );
  return chunk
    .filter((event) => event.sender === matrix.bot.userId)
    .flatMap((event) => event.content.body?.match(/cible-\d{3}/g) ?? []);
}

async function killWhenDelivered(child: ChildProcess, count: number): Promise<void> {
  await waitFor(`${count} messages`, async () => ((await labelsInRoom()).length >= count ? true : undefined), 60_000);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe("a worker killed with SIGKILL in the middle of a storm", () => {
  it("loses nothing and shows nothing twice once it is restarted", async () => {
    await killWhenDelivered(await startWorkerProcess(), total / 4);
    await killWhenDelivered(await startWorkerProcess(), total / 2);
    await killWhenDelivered(await startWorkerProcess(), (total * 3) / 4);
    const last = await startWorkerProcess();
    // All shown is not all recorded: on PostgreSQL a killed worker's rows wait out their lease before the last
    // worker resends them (shown once, by txnId) and records them sent. PGlite's sole worker takes them at start.
    const everyRowRecorded = async () =>
      databaseUrl ? (await notificationStates()).every((state) => state === "sent") : true;
    await waitFor(
      "every message, recorded",
      async () => ((await labelsInRoom()).length >= total && (await everyRowRecorded()) ? true : undefined),
      90_000,
    );
    const stopped = new Promise((resolve) => last.once("exit", resolve));
    last.kill("SIGTERM");
    await stopped;

    const labels = await labelsInRoom();
    expect(new Set(labels).size).toBe(total);
    expect(labels).toHaveLength(total);
    expect(await notificationStates()).toEqual(Array(total).fill("sent"));
  }, 240_000);
});
