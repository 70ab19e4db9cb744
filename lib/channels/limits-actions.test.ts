import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { translatorFor } from "@/lib/i18n/messages";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { startFakeSmtpServer } from "@/lib/testing/relay/smtp-server.fake";
import { signInViewer, testDatabase } from "@/lib/testing/session";
import { addChannelAction, deleteChannelAction, renewVerificationAction } from "./actions";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());

let handle: DbHandle;
let gotify: Awaited<ReturnType<typeof startRecordingServer>>;
let smtp: Awaited<ReturnType<typeof startFakeSmtpServer>>;
const idle = null;
/** The channel a successful add started verifying (the test fails if the add was refused). */
const startedId = (result: Awaited<ReturnType<typeof addChannelAction>>) => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.started.channelId;
};
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
let subjects = 0;
const signInNewMember = async () => {
  const memberId = (await upsertMemberFromOidc(handle.db, { subject: `limits-${(subjects += 1)}`, isAdmin: false })).id;
  signInViewer(memberId, { locale: "en" });
  return memberId;
};
const gotifyOk = { status: 200, body: JSON.stringify({ id: 1 }) };

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  gotify = await startRecordingServer(gotifyOk);
  smtp = await startFakeSmtpServer();
  Object.assign(process.env, {
    VIGIE_SECRET_KEY: randomBytes(32).toString("base64"),
    SMTP_URL: smtp.url,
    MAIL_FROM: "vigie@neutrinet.test",
    MATTERMOST_URL: "http://127.0.0.1:1",
    MATTERMOST_BOT_TOKEN: "t",
    MATTERMOST_BOT_USERNAME: "vigie",
    OUTBOUND_ALLOWED_NETWORKS: "127.0.0.1/32",
    MEMBER_MAX_CHANNELS: "2",
    VERIFICATION_MAX_PER_ADDRESS_PER_HOUR: "2",
    VERIFICATION_MAX_PER_MEMBER_PER_HOUR: "3",
  });
  resetEnvForTests();
});
afterAll(async () => {
  await gotify.close();
  await smtp.close();
  await handle.close();
  for (const name of [
    "MEMBER_MAX_CHANNELS",
    "VERIFICATION_MAX_PER_ADDRESS_PER_HOUR",
    "VERIFICATION_MAX_PER_MEMBER_PER_HOUR",
  ])
    delete process.env[name];
  resetEnvForTests();
});

describe("verification cooldowns in the channel actions", () => {
  it("refuse a second Gotify push to the same server within a minute, keep the form and leave the channel's token alone", async () => {
    await signInNewMember();
    const fields = { type: "gotify", serverUrl: `${gotify.url}/cool`, minSeverity: "info" };
    const started = await addChannelAction(idle, form({ ...fields, appToken: "FirstTok.123" }));
    expect(started.ok).toBe(true);
    const sealed = (
      await handle.db
        .select()
        .from(channels)
        .where(eq(channels.id, startedId(started)))
    )[0]?.secretCiphertext;
    const pushes = gotify.requests.length;

    const again = await addChannelAction(idle, form({ ...fields, appToken: "OtherTok.123" }));
    expect(again).toMatchObject({
      ok: false,
      reason: "verification_cooldown",
      typed: { serverUrl: `${gotify.url}/cool` },
    });
    const wait = again.ok ? undefined : again.values?.seconds;
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await renewVerificationAction(startedId(started))).toMatchObject({
      ok: false,
      reason: "verification_cooldown",
      values: { seconds: expect.any(Number) },
    });
    expect(gotify.requests.length).toBe(pushes);
    expect(
      (
        await handle.db
          .select()
          .from(channels)
          .where(eq(channels.id, startedId(started)))
      )[0]?.secretCiphertext,
    ).toBe(sealed);
  });

  it("let a member retry at once after the Gotify server refused the token", async () => {
    await signInNewMember();
    const server = await startRecordingServer({ status: 401, body: JSON.stringify({ error: "Unauthorized" }) });
    try {
      const fields = { type: "gotify", serverUrl: `${server.url}/typo`, minSeverity: "info" };
      expect(await addChannelAction(idle, form({ ...fields, appToken: "Wrong.Tok.123" }))).toMatchObject({
        ok: false,
        fields: { appToken: "gotify_token_refused" },
      });
      server.answerWith(gotifyOk);
      expect(await addChannelAction(idle, form({ ...fields, appToken: "Right.Tok.123" }))).toMatchObject({ ok: true });
    } finally {
      await server.close();
    }
  });

  it("stop posting to a Gotify server after its hourly share, whatever path and token each attempt used", async () => {
    await signInNewMember();
    const server = await startRecordingServer({ status: 401, body: JSON.stringify({ error: "Unauthorized" }) });
    try {
      const attempts = [];
      for (let n = 0; n < 6; n += 1) {
        attempts.push(
          await addChannelAction(
            idle,
            form({
              type: "gotify",
              serverUrl: `${server.url}/p${n}`,
              appToken: `Refused.Tok.${n}`,
              minSeverity: "info",
            }),
          ),
        );
      }
      expect(server.requests).toHaveLength(2);
      expect(attempts[2]).toMatchObject({ ok: false, reason: "verification_address_limit", values: { minutes: 60 } });
    } finally {
      await server.close();
    }
  });

  it("count a mailbox's subaddresses together, even when the member deletes each channel", async () => {
    const mails = smtp.received.length;
    await signInNewMember();
    const first = await addChannelAction(
      idle,
      form({ type: "email", email: "victim+1@example.org", minSeverity: "info" }),
    );
    expect(first.ok).toBe(true);
    await deleteChannelAction(startedId(first));
    expect(
      await addChannelAction(idle, form({ type: "email", email: "Victim+2@example.org", minSeverity: "info" })),
    ).toMatchObject({ ok: false, reason: "verification_cooldown" });
    await signInNewMember();
    expect(
      (await addChannelAction(idle, form({ type: "email", email: "victim+3@example.org", minSeverity: "info" }))).ok,
    ).toBe(true);
    await signInNewMember();
    expect(
      await addChannelAction(idle, form({ type: "email", email: "victim+4@example.org", minSeverity: "info" })),
    ).toMatchObject({ ok: false, reason: "verification_address_limit" });
    await smtp.waitForMails(mails + 2);
    expect(smtp.received.length).toBe(mails + 2);
  });

  it("refuse a member's verifications past VERIFICATION_MAX_PER_MEMBER_PER_HOUR over all addresses, with the wait in their language", async () => {
    await signInNewMember();
    // Three sends, under the channel quota of two: deleting a channel gives no send back.
    const first = await addChannelAction(idle, form({ type: "mattermost", username: "cap-one", minSeverity: "info" }));
    await deleteChannelAction(startedId(first));
    for (const username of ["cap-two", "cap-three"])
      expect((await addChannelAction(idle, form({ type: "mattermost", username, minSeverity: "info" }))).ok).toBe(true);
    const refused = await addChannelAction(
      idle,
      form({ type: "email", email: "fresh@example.org", minSeverity: "info" }),
    );
    expect(refused).toMatchObject({ ok: false, reason: "verification_member_limit", values: { minutes: 60 } });
    expect(translatorFor("nl", "ui")("errors.verification_member_limit", { minutes: 60 })).toBe(
      "U hebt het afgelopen uur te veel verificatieberichten aangevraagd. Probeer het opnieuw over 60 minuten.",
    );
  });

  it("refuse a chat link token renewed within a minute", async () => {
    await signInNewMember();
    const started = await addChannelAction(
      idle,
      form({ type: "mattermost", username: "renewer", minSeverity: "info" }),
    );
    expect(started.ok).toBe(true);
    expect(await renewVerificationAction(startedId(started))).toMatchObject({
      ok: false,
      reason: "verification_cooldown",
    });
  });

  it("stop mailing one address after its hourly share, whichever members ask, and keep no channel for the refused one", async () => {
    for (let sender = 0; sender < 2; sender += 1) {
      await signInNewMember();
      expect(
        await addChannelAction(idle, form({ type: "email", email: "third.party@example.org", minSeverity: "info" })),
      ).toMatchObject({ ok: true });
    }
    await smtp.waitForMails(2);
    const mails = smtp.received.length;
    const mallory = await signInNewMember();
    const refused = await addChannelAction(
      idle,
      form({ type: "email", email: "third.party@example.org", minSeverity: "info" }),
    );
    expect(refused).toMatchObject({
      ok: false,
      reason: "verification_address_limit",
      values: { minutes: 60 },
      typed: { email: "third.party@example.org" },
    });
    expect(await handle.db.select().from(channels).where(eq(channels.memberId, mallory))).toEqual([]);
    expect(smtp.received.length).toBe(mails);
  });
});

describe("the channel quota in the add action", () => {
  it("refuses the channel past the quota with the limit, keeping what was typed", async () => {
    await signInNewMember();
    for (const username of ["first", "second"])
      expect((await addChannelAction(idle, form({ type: "mattermost", username, minSeverity: "info" }))).ok).toBe(true);
    const refused = await addChannelAction(idle, form({ type: "mattermost", username: "third", minSeverity: "info" }));
    expect(refused).toEqual({
      ok: false,
      reason: "channel_quota_reached",
      values: { limit: 2 },
      typed: expect.objectContaining({ username: "third" }),
    });
  });
});
