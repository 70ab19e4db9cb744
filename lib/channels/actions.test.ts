import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, linkTokens } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { startFakeSmtpServer } from "@/lib/testing/relay/smtp-server.fake";
import { signInViewer, testDatabase, testViewer } from "@/lib/testing/session";
import {
  addChannelAction,
  confirmEmailAction,
  deleteChannelAction,
  renewVerificationAction,
  setMinSeverityAction,
  verifyGotifyCodeAction,
} from "./actions";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());

let handle: DbHandle;
// `gotify` (127.0.0.2, allowed below as OUTBOUND_ALLOWED_NETWORKS) stands in for a member's public Gotify server;
// `internal` (127.0.0.1) for a service of the hub that must never receive anything: TARGET_ALLOWED_NETWORKS names
// it, as a hub letting members probe its VPN range would, and that must not open it to the guarded client.
let gotify: Awaited<ReturnType<typeof startRecordingServer>>;
let internal: Awaited<ReturnType<typeof startRecordingServer>>;
let smtp: Awaited<ReturnType<typeof startFakeSmtpServer>>;
let alice: string;
let bob: string;
const idle = null;
/** What a successful add started (the test fails if the add was refused). */
const startedOf = (result: Awaited<ReturnType<typeof addChannelAction>>) => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.started;
};
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const signIn = (memberId: string, locale: Locale = "fr") => {
  signInViewer(memberId, { locale });
};
const gotifyOk = { status: 200, body: JSON.stringify({ id: 1 }) };
const lastPushedCode = () =>
  /([2-9A-Z]{8})/.exec(String((gotify.requests.at(-1)?.body as { message: string }).message))?.[1] ?? "";
const channelRow = async (id: string) => (await handle.db.select().from(channels).where(eq(channels.id, id)))[0];

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  gotify = await startRecordingServer(gotifyOk, "127.0.0.2");
  internal = await startRecordingServer(gotifyOk);
  smtp = await startFakeSmtpServer();
  Object.assign(process.env, {
    VIGIE_SECRET_KEY: randomBytes(32).toString("base64"),
    SMTP_URL: smtp.url,
    MAIL_FROM: "vigie@neutrinet.test",
    MATTERMOST_URL: "http://127.0.0.1:1",
    MATTERMOST_BOT_TOKEN: "t",
    MATTERMOST_BOT_USERNAME: "vigie",
    PUBLIC_URL: "https://vigie.example.org",
    TARGET_ALLOWED_NETWORKS: "127.0.0.1/32",
    OUTBOUND_ALLOWED_NETWORKS: "127.0.0.2/32",
    // Every Gotify test here posts to one stand-in server (one origin) as one member: the limits have their own
    // tests (limits-actions.test.ts, verification-cooldown.test.ts) and stay out of these.
    VERIFICATION_COOLDOWN_SECONDS: "0",
    VERIFICATION_MAX_PER_ADDRESS_PER_HOUR: "1000",
    VERIFICATION_MAX_PER_MEMBER_PER_HOUR: "1000",
  });
  resetEnvForTests();
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
  await setMemberLocale(handle.db, bob, "nl");
});
afterAll(async () => {
  await gotify.close();
  await internal.close();
  await smtp.close();
  await handle.close();
  for (const name of [
    "VERIFICATION_COOLDOWN_SECONDS",
    "VERIFICATION_MAX_PER_ADDRESS_PER_HOUR",
    "VERIFICATION_MAX_PER_MEMBER_PER_HOUR",
  ])
    delete process.env[name];
  resetEnvForTests();
});
beforeEach(() => {
  gotify.answerWith(gotifyOk);
  internal.requests.length = 0;
});

describe("adding and verifying channels", () => {
  it("seals the Gotify token, pushes a code, and verifies the channel with it", async () => {
    signIn(alice);
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: `${gotify.url}/`, appToken: "AppTok.en-1234", minSeverity: "warning" }),
    );
    expect(state).toMatchObject({ ok: true, started: { type: "gotify", address: gotify.url } });
    expect(JSON.stringify(state)).not.toContain("AppTok.en-1234");
    expect(gotify.requests.at(-1)).toMatchObject({
      method: "POST",
      url: "/message",
      headers: { "x-gotify-key": "AppTok.en-1234" },
    });
    const channelId = startedOf(state).channelId;
    const row = await channelRow(channelId);
    expect(row).toMatchObject({ type: "gotify", minSeverity: "warning", verifiedAt: null });
    expect(row?.secretCiphertext).toMatch(/^v1:/);
    expect(row?.secretCiphertext).not.toContain("AppTok");

    const wrong = await verifyGotifyCodeAction(null, form({ channelId, code: "22222222" }));
    expect(wrong).toEqual({ ok: false, reason: "code_wrong", values: { attemptsLeft: 4 } });
    const right = await verifyGotifyCodeAction(null, form({ channelId, code: lastPushedCode().toLowerCase() }));
    expect(right).toEqual({ ok: true });
    expect((await channelRow(channelId))?.verifiedAt).toBeInstanceOf(Date);
  });

  it("refuses a Gotify server in a private network and calls nothing", async () => {
    signIn(alice);
    const pushes = gotify.requests.length;
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: "http://10.20.30.40/", appToken: "AppTok.en-1234", minSeverity: "info" }),
    );
    expect(state).toMatchObject({ ok: false, fields: { serverUrl: "gotify_url_not_allowed" } });
    expect(gotify.requests.length).toBe(pushes);
    expect(await handle.db.select().from(channels).where(eq(channels.address, "http://10.20.30.40"))).toEqual([]);
  });

  it("refuses a Gotify server on the hub's own loopback and calls nothing", async () => {
    signIn(alice);
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: internal.url, appToken: "AppTok.en-1234", minSeverity: "info" }),
    );
    expect(state).toMatchObject({ ok: false, fields: { serverUrl: "gotify_url_not_allowed" } });
    expect(internal.requests).toEqual([]);
  });

  it("does not follow a Gotify server's redirect: the member is told, nothing is kept, the hub gets nothing", async () => {
    signIn(alice);
    gotify.answerWith({
      status: 307,
      headers: { location: `${internal.url}/api/v1/admin/tsdb/delete_series` },
      body: "",
    });
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: `${gotify.url}/moved`, appToken: "AppTok.en-1234", minSeverity: "info" }),
    );
    expect(state).toMatchObject({ ok: false, fields: { serverUrl: "gotify_redirected" } });
    expect(internal.requests).toEqual([]);
    expect(
      await handle.db
        .select()
        .from(channels)
        .where(eq(channels.address, `${gotify.url}/moved`)),
    ).toEqual([]);
  });

  it("checks the address again at each renewal: a channel whose server now resolves inside the hub gets nothing", async () => {
    signIn(alice);
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: `${gotify.url}/renewed`, appToken: "AppTok.en-1234", minSeverity: "info" }),
    );
    const channelId = startedOf(state).channelId;
    // What a name re-pointed at the hub after the channel was added amounts to: the same channel, now aimed inside.
    await handle.db.update(channels).set({ address: internal.url }).where(eq(channels.id, channelId));
    expect(await renewVerificationAction(channelId)).toEqual({ ok: false, reason: "gotify_url_not_allowed" });
    expect(internal.requests).toEqual([]);
    // Another path of the same server: the address the channel was added with is within its verification cooldown.
    await handle.db
      .update(channels)
      .set({ address: `${gotify.url}/renewed-elsewhere` })
      .where(eq(channels.id, channelId));
    gotify.answerWith({ status: 302, headers: { location: internal.url }, body: "" });
    expect(await renewVerificationAction(channelId)).toEqual({ ok: false, reason: "gotify_redirected" });
    expect(internal.requests).toEqual([]);
  });

  it("keeps nothing when the Gotify server refuses the token, and says which field to fix", async () => {
    signIn(alice);
    gotify.answerWith({ status: 401, body: JSON.stringify({ error: "Unauthorized" }) });
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: `${gotify.url}/refusing`, appToken: "Bad.Token.123", minSeverity: "info" }),
    );
    expect(state).toMatchObject({
      ok: false,
      fields: { appToken: "gotify_token_refused" },
      typed: { serverUrl: `${gotify.url}/refusing` },
    });
    const rows = await handle.db
      .select()
      .from(channels)
      .where(eq(channels.address, `${gotify.url}/refusing`));
    expect(rows).toEqual([]);
  });

  it("mails a confirmation link in the member's language; the link verifies the address once", async () => {
    signIn(bob, "nl");
    const state = await addChannelAction(
      idle,
      form({ type: "email", email: " Bob@Example.org ", minSeverity: "critical" }),
    );
    expect(state).toMatchObject({ ok: true, started: { type: "email", address: "bob@example.org" } });
    await smtp.waitForMails(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelopeTo).toEqual(["bob@example.org"]);
    expect(mail.mail.subject).toBe("Bevestig uw adres voor Vigie-meldingen");
    const link = /https:\/\/vigie\.example\.org\/nl\/channels\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.mail.text ?? "");
    expect(link).not.toBeNull();

    testViewer.current = null; // the link works without being signed in
    expect(await confirmEmailAction(null, form({ token: link![1]! }))).toEqual({ ok: true });
    expect((await channelRow(startedOf(state).channelId))?.verifiedAt).toBeInstanceOf(Date);
    expect(await confirmEmailAction(null, form({ token: link![1]! }))).toEqual({
      ok: false,
      reason: "email_link_used",
    });
  });

  it("gives a Mattermost link token for the bot, and per-field errors for bad input", async () => {
    signIn(alice);
    const state = await addChannelAction(idle, form({ type: "mattermost", username: "@Alice", minSeverity: "info" }));
    expect(startedOf(state)).toMatchObject({
      type: "mattermost",
      address: "alice",
      botAccount: "@vigie",
      token: expect.stringMatching(/^\S{43}$/),
    });
    const invalid = await addChannelAction(idle, form({ type: "mattermost", username: "a!", minSeverity: "loud" }));
    expect(invalid).toMatchObject({
      ok: false,
      fields: { username: "mattermost_username_invalid", minSeverity: "severity_invalid" },
      typed: { username: "a!" },
    });
  });
});

describe("channel actions with another member's ids", () => {
  let aliceChannel: string;
  beforeAll(async () => {
    signIn(alice);
    const state = await addChannelAction(
      idle,
      form({ type: "gotify", serverUrl: `${gotify.url}/alice`, appToken: "AliceTok.1234", minSeverity: "info" }),
    );
    aliceChannel = startedOf(state).channelId;
    signIn(bob);
  });

  it("renew, verify, set severity and delete find nothing and change nothing", async () => {
    const pushes = gotify.requests.length;
    const tokens = (await handle.db.select().from(linkTokens).where(eq(linkTokens.channelId, aliceChannel))).length;
    expect(await renewVerificationAction(aliceChannel)).toEqual({ ok: false, reason: "channel_not_found" });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect(await verifyGotifyCodeAction(null, form({ channelId: aliceChannel, code: "22222222" }))).toEqual({
        ok: false,
        reason: "channel_not_found",
      });
    }
    expect(await setMinSeverityAction({ channelId: aliceChannel, minSeverity: "critical" })).toEqual({
      ok: false,
      reason: "channel_not_found",
    });
    await deleteChannelAction(aliceChannel);
    expect(await channelRow(aliceChannel)).toMatchObject({ minSeverity: "info", verifiedAt: null });
    expect(gotify.requests.length).toBe(pushes);
    expect((await handle.db.select().from(linkTokens).where(eq(linkTokens.channelId, aliceChannel))).length).toBe(
      tokens,
    );

    signIn(alice); // Bob's tries burnt nothing: Alice's code still works.
    expect(await verifyGotifyCodeAction(null, form({ channelId: aliceChannel, code: lastPushedCode() }))).toEqual({
      ok: true,
    });
    expect(await setMinSeverityAction({ channelId: aliceChannel, minSeverity: "critical" })).toEqual({ ok: true });
    await deleteChannelAction(aliceChannel);
    expect(await channelRow(aliceChannel)).toBeUndefined();
  });
});
