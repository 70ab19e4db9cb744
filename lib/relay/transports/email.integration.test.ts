import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMember } from "@/lib/testing/relay/seed";
import { startFakeSmtpServer } from "@/lib/testing/relay/smtp-server.fake";
import { recordAlertGroup } from "../intake/record-alert-groups";
import { deliverDueNotifications } from "../outbox/deliver";
import { createEmailTransport, createMailer } from "./email";
import { TransportError } from "./transport-error";

let handle: DbHandle;
let smtp: Awaited<ReturnType<typeof startFakeSmtpServer>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startFakeSmtpServer({ rejectRecipient: "nobody@example.org" });
});
afterAll(async () => {
  await smtp.close();
  await handle.close();
});

describe("e-mail transport (real SMTP server)", () => {
  it("mails an alert and its resolution to the member, in their language, threaded", async () => {
    const { memberId, targetId } = await seedMember(handle.db, { locale: "nl", targetLabel: "Brique salon" });
    await handle.db
      .insert(channels)
      .values({ id: newId("c"), memberId, type: "email", address: "lid@example.org", verifiedAt: new Date() });
    const transports = { email: createEmailTransport({ smtpUrl: smtp.url, from: "Vigie <vigie@neutrinet.test>" }) };

    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ targetId }] }));
    expect(await deliverDueNotifications(handle.db, { transports })).toMatchObject({ sent: 1 });
    await smtp.waitForMails(1);
    const [firing] = smtp.received;
    expect(firing?.envelopeTo).toEqual(["lid@example.org"]);
    expect(firing?.mail.from?.value).toEqual([{ name: "Vigie", address: "vigie@neutrinet.test" }]);
    expect(firing?.mail.subject).toBe("Vigie · 🔴 Een actief probleem");
    expect(firing?.mail.text).toContain("Brique salon");
    expect(firing?.mail.messageId).toMatch(/^<n_[0-9a-f]+@neutrinet\.test>$/);

    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { status: "resolved", alerts: [{ targetId }] }));
    await deliverDueNotifications(handle.db, { transports });
    await smtp.waitForMails(2);
    expect(smtp.received[1]?.mail.subject).toMatch(/^Vigie · ✅ /);
    expect(smtp.received[1]?.mail.inReplyTo).toBe(firing?.mail.messageId);
  });

  it("turns a refused mailbox into a permanent error and a dead server into a temporary one", async () => {
    const refused = createMailer({ smtpUrl: smtp.url, from: "vigie@neutrinet.test" }).send({
      to: "nobody@example.org",
      subject: "s",
      text: "t",
    });
    await expect(refused).rejects.toMatchObject({ permanent: true, message: "email: SMTP 550" });
    const down = createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "vigie@neutrinet.test" }).send({
      to: "a@example.org",
      subject: "s",
      text: "t",
    });
    const error = await down.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ permanent: false });
  });

  it("fails only the one notification, not the channel, when the server finds the mail too large", async () => {
    const small = await startFakeSmtpServer({ maxBytes: 2048 });
    try {
      const mailer = createMailer({ smtpUrl: small.url, from: "vigie@neutrinet.test" });
      const sent = mailer.send({ to: "alice@example.org", subject: "s", text: "x".repeat(10_000) });
      await expect(sent).rejects.toMatchObject({ permanent: true, keepsChannel: true, message: "email: SMTP 552" });
      mailer.close();
    } finally {
      await small.close();
    }
  });
});
