import { describe, expect, it } from "vitest";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { createAlertIntake } from "./intake-queue";
import type { WebhookPayload } from "./webhook-payload";

type Call = { members: string[]; finish: (stored?: number[] | Error) => void };

/** A recorder whose transactions the test ends by hand, to see how posts are grouped while one runs. */
function controlledRecorder() {
  const calls: Call[] = [];
  const recordGroups = (payloads: WebhookPayload[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        members: payloads.map((payload) => payload.groupLabels.member as string),
        finish: (stored) => (stored instanceof Error ? reject(stored) : resolve(stored ?? payloads.map(() => 1))),
      });
    });
  return { calls, recordGroups };
}

const post = (member: string) => alertGroupPayload(member);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("createAlertIntake", () => {
  it("groups the posts of one event-loop turn, and those that arrive while a batch runs", async () => {
    const { calls, recordGroups } = controlledRecorder();
    const intake = createAlertIntake(recordGroups, { concurrency: 1 });
    const first = intake.record(post("m_a"));
    const sameTurn = intake.record(post("m_z"));
    expect(calls).toHaveLength(0);
    await settle();
    expect(calls.map((call) => call.members)).toEqual([["m_a", "m_z"]]);
    const waiting = ["m_b", "m_c", "m_d"].map((member) => intake.record(post(member)));
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.finish([3, 0]);
    expect([await first, await sameTurn]).toEqual([3, 0]);
    await settle();
    expect(calls.map((call) => call.members)).toEqual([
      ["m_a", "m_z"],
      ["m_b", "m_c", "m_d"],
    ]);
    calls[1]!.finish([1, 0, 2]);
    expect(await Promise.all(waiting)).toEqual([1, 0, 2]);
  });

  it("runs at most `concurrency` batches of at most `maxBatch` posts", async () => {
    const { calls, recordGroups } = controlledRecorder();
    const intake = createAlertIntake(recordGroups, { concurrency: 2, maxBatch: 2 });
    const posts = ["m_a", "m_b", "m_c", "m_d", "m_e"].map((member) => intake.record(post(member)));
    await settle();
    expect(calls.map((call) => call.members)).toEqual([
      ["m_a", "m_b"],
      ["m_c", "m_d"],
    ]);
    calls[1]!.finish();
    await settle();
    expect(calls.map((call) => call.members)).toEqual([["m_a", "m_b"], ["m_c", "m_d"], ["m_e"]]);
    calls[0]!.finish();
    calls[2]!.finish();
    expect(await Promise.all(posts)).toEqual([1, 1, 1, 1, 1]);
  });

  it("retries a failed batch post by post, so only the bad post fails", async () => {
    const recorded: string[][] = [];
    const intake = createAlertIntake(
      async (payloads) => {
        const members = payloads.map((payload) => payload.groupLabels.member as string);
        recorded.push(members);
        if (members.includes("m_bad")) throw new Error("violates a constraint");
        return payloads.map(() => 1);
      },
      { concurrency: 1 },
    );
    const blocker = intake.record(post("m_first"));
    await settle();
    const results = ["m_a", "m_bad", "m_b"].map((member) =>
      intake.record(post(member)).catch((error: Error) => error.message),
    );
    await blocker;
    expect(await Promise.all(results)).toEqual([1, "violates a constraint", 1]);
    expect(recorded).toEqual([["m_first"], ["m_a", "m_bad", "m_b"], ["m_a"], ["m_bad"], ["m_b"]]);
  });
});
