import { mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CapturedMail = { to: string[]; subject: string; text: string; receivedAt: string };
export type MailSink = { smtpUrl: string; inboxUrl: string; stop(): Promise<void> };

/**
 * A real SMTP server on loopback for the demo and the e2e tests: it accepts every message, keeps a copy in
 * `<dir>/*.eml`, and lists what it received as JSON at `inboxUrl` (GET), so a test or a person can follow a
 * confirmation link.
 */
export async function startMailSink(options: { dir: string }): Promise<MailSink> {
  mkdirSync(options.dir, { recursive: true });
  const received: CapturedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        const to = [parsed.to].flat().flatMap((address) => address?.value.map((entry) => entry.address ?? "") ?? []);
        const mail = {
          to,
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          receivedAt: new Date().toISOString(),
        };
        received.push(mail);
        writeFileSync(path.join(options.dir, `${Date.now()}-${received.length}.eml`), raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const inbox = createHttpServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(received));
  });
  await new Promise<void>((resolve) => inbox.listen(0, "127.0.0.1", resolve));

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    inboxUrl: `http://127.0.0.1:${(inbox.address() as AddressInfo).port}/`,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      inbox.closeAllConnections();
      await new Promise<void>((resolve) => inbox.close(() => resolve()));
    },
  };
}
