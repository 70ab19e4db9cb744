import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CapturedMail, type MailSink, startMailSink } from "./mail-sink";

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink({ dir: mkdtempSync(path.join(tmpdir(), "vigie-mail-")) });
});
afterAll(() => sink.stop());

describe("mail sink", () => {
  it("receives a message over SMTP and lists it", async () => {
    const transport = nodemailer.createTransport(sink.smtpUrl);
    await transport.sendMail({
      from: "vigie@example.org",
      to: "alice@example.org",
      subject: "Lien",
      text: "https://vigie/confirm/abc",
    });
    const inbox = (await (await fetch(sink.inboxUrl)).json()) as CapturedMail[];
    expect(inbox).toEqual([
      expect.objectContaining({ to: ["alice@example.org"], subject: "Lien", text: "https://vigie/confirm/abc\n" }),
    ]);
  });
});
