import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, silences, targets } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/messages";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { answerCommand, type CommandContext } from "./command-replies";

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };
let context: CommandContext;
const en = translatorFor("en", "bot");
const now = new Date("2026-11-27T10:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedMember(handle.db, { locale: "en", targetLabel: "Brick" });
  await handle.db.insert(targets).values({
    id: "t_alice_vps",
    memberId: alice.memberId,
    kind: "ping",
    label: "Home VPS",
    address: "vps.example.org",
    paused: true,
  });
  bob = await seedMember(handle.db, { targetLabel: "Bob's brick" });
  const channelId = await seedMatrixChannel(handle.db, alice.memberId, { roomId: "!alice:example.org" });
  context = {
    sender: `@${channelId}:example.org`,
    roomId: "!alice:example.org",
    isDirect: true,
    channelType: "matrix",
  };
});
afterAll(() => handle.close());

describe("member commands", () => {
  it("lists the member's targets with their state and firing alerts, in the member's language", async () => {
    const am = createFakeAlertmanager([
      {
        fingerprint: "f1",
        labels: { alertname: "BlackboxProbeFailed", member: alice.memberId, target: alice.targetId },
      },
      { fingerprint: "f2", labels: { alertname: "BlackboxProbeFailed", member: bob.memberId, target: bob.targetId } },
    ]);
    const answer = await answerCommand(handle.db, { kind: "status" }, context, { alertmanager: am.api });
    expect(answer.split("\n")).toEqual([
      en("status.title"),
      `${en("status.line", { number: 1, label: "Brick", state: en("status.states.active") })} ${en("status.firing", { count: 1 })}`,
      en("status.line", { number: 2, label: "Home VPS", state: en("status.states.paused") }),
      en("status.hint"),
    ]);
    expect(answer).not.toContain("Bob");
  });

  it("says when alerts cannot be read", async () => {
    expect(await answerCommand(handle.db, { kind: "status" }, context)).toContain(en("status.alertsUnknown"));
  });

  it("silences one target by number or label, and refuses another member's target", async () => {
    const am = createFakeAlertmanager();
    const services = { alertmanager: am.api, now };
    const byNumber = await answerCommand(
      handle.db,
      { kind: "silence", duration: "2h", target: "2" },
      context,
      services,
    );
    expect(byNumber).toContain("Home VPS");
    const byLabel = await answerCommand(
      handle.db,
      { kind: "silence", duration: "30m", target: "brick" },
      context,
      services,
    );
    expect(byLabel).toContain("Brick");
    expect(
      await answerCommand(handle.db, { kind: "silence", duration: "1h", target: "Bob's brick" }, context, services),
    ).toBe(en("silence.unknownTarget", { target: "Bob's brick" }));
    const matchers = am.requests.map((r) =>
      (r.body as { matchers: { name: string; value: string }[] }).matchers.map((m) => m.value),
    );
    expect(matchers).toEqual([
      [alice.memberId, "t_alice_vps"],
      [alice.memberId, alice.targetId],
    ]);
    const rows = await handle.db.select().from(silences).where(eq(silences.memberId, alice.memberId));
    expect(rows.map((r) => r.createdVia)).toEqual(["bot", "bot"]);
  });

  it("refuses durations outside 1 minute … 30 days, and silences without Alertmanager", async () => {
    const am = createFakeAlertmanager();
    for (const duration of [null, "31d", "soon"]) {
      expect(
        await answerCommand(handle.db, { kind: "silence", duration, target: null }, context, { alertmanager: am.api }),
      ).toBe(en("silence.invalidDuration"));
    }
    expect(await answerCommand(handle.db, { kind: "silence", duration: "1h", target: null }, context)).toBe(
      en("silence.unavailable"),
    );
    expect(am.requests).toEqual([]);
  });

  it("answers in French to a conversation that is not linked, and acts on nothing", async () => {
    const stranger = { ...context, sender: "@stranger:example.org" };
    for (const command of [
      { kind: "status" },
      { kind: "unlink" },
      { kind: "silence", duration: "1h", target: null },
    ] as const) {
      expect(await answerCommand(handle.db, command, stranger)).toBe(translatorFor("fr", "bot")("commands.notLinked"));
    }
    const otherRoom = { ...context, roomId: "!elsewhere:example.org" };
    expect(await answerCommand(handle.db, { kind: "unlink" }, otherRoom)).toBe(en("commands.notLinked"));
  });

  it("unlinks the conversation, which then answers as unlinked", async () => {
    expect(await answerCommand(handle.db, { kind: "unlink" }, context)).toBe(en("unlink.done"));
    const [channel] = await handle.db.select().from(channels).where(eq(channels.memberId, alice.memberId));
    expect(channel).toMatchObject({ verifiedAt: null, roomId: null });
    expect(await answerCommand(handle.db, { kind: "status" }, context)).toBe(en("commands.notLinked"));
  });
});
