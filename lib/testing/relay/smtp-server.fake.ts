import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { envelopeTo: string[]; mail: ParsedMail };

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server): plain SMTP, no auth, every message parsed and kept.
 * `maxBytes`: the SIZE it announces; larger messages are refused with 552, as mail servers do.
 */
export async function startFakeSmtpServer(options: { rejectRecipient?: string; maxBytes?: number } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    ...(options.maxBytes ? { size: options.maxBytes } : {}),
    onRcptTo(address, _session, callback) {
      if (address.address === options.rejectRecipient) {
        return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (stream.sizeExceeded)
            return callback(
              Object.assign(new Error("Message exceeds fixed maximum message size"), { responseCode: 552 }),
            );
          received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitForMails(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
