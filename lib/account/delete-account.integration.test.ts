import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import {
  type AlertmanagerApi,
  createAlertmanagerApi,
  createMemberSilence,
  listMemberSilences,
} from "@/lib/monitoring/alertmanager-api";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { type StandaloneAlertmanager, startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";
import { deleteAccount } from "./delete-account";

// Deleting an account expires the member's silences in a real Alertmanager, and only theirs.
let workDir: string;
let alertmanager: StandaloneAlertmanager | undefined;
let api: AlertmanagerApi;
let handle: DbHandle;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-account-am-"));
  const config = JSON.stringify({ route: { receiver: "none" }, receivers: [{ name: "none" }] });
  [handle, alertmanager] = await Promise.all([createTestDatabase(), startStandaloneAlertmanager({ workDir, config })]);
  api = createAlertmanagerApi(alertmanager.url);
});

afterAll(async () => {
  await alertmanager?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const liveSilences = async (memberId: string) =>
  (await listMemberSilences(api, memberId)).filter((silence) => silence.status.state !== "expired");

describe("deleteAccount with Alertmanager", () => {
  it("expires the deleted member's silences and leaves the other member's", async () => {
    const alice = await seedMember(handle.db);
    const bob = await seedMember(handle.db);
    const window = {
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      comment: "test",
      createdBy: "vigie",
    };
    await createMemberSilence(api, alice.memberId, window);
    await createMemberSilence(api, alice.memberId, { ...window, narrowing: { target: alice.targetId } });
    await createMemberSilence(api, bob.memberId, window);

    const requestMonitoringSync = vi.fn();
    expect(await deleteAccount(handle.db, alice.memberId, { requestMonitoringSync, alertmanager: api })).toEqual({
      deleted: true,
      silencesExpired: 2,
      silencesFailed: 0,
    });
    expect(await liveSilences(alice.memberId)).toEqual([]);
    expect(await liveSilences(bob.memberId)).toHaveLength(1);
    expect(requestMonitoringSync).toHaveBeenCalledTimes(1);
  });
});
