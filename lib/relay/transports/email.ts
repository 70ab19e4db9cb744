import { createTransport, type Transporter } from "nodemailer";
import type { Transport } from "./transport";
import { TransportError } from "./transport-error";

export type EmailConfig = { smtpUrl: string; from: string };
export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
};

/** One SMTP transporter per process: nodemailer opens a connection per message unless pooled, which is enough here. */
export function createMailer(config: EmailConfig): { send(message: EmailMessage): Promise<string>; close(): void } {
  const transporter: Transporter = createTransport(config.smtpUrl);
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.messageId ? { messageId: message.messageId } : {}),
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: [message.inReplyTo] } : {}),
        });
        return info.messageId;
      } catch (error) {
        throw toTransportError(error);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * SMTP 5xx replies are permanent (no such mailbox, refused); 4xx and connection failures are temporary. 552
 * (message too large for the server or the mailbox) fails this mail only: the next, smaller one may pass.
 */
function toTransportError(error: unknown): TransportError {
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  const code = (error as { code?: unknown }).code;
  if (typeof responseCode === "number") {
    return new TransportError(`email: SMTP ${responseCode}`, {
      permanent: responseCode >= 500,
      keepsChannel: responseCode === 552,
      cause: error,
    });
  }
  return new TransportError(`email: ${typeof code === "string" ? code : "failed"}`, { permanent: false, cause: error });
}

/**
 * The worker's e-mail transport. The Message-ID derives from the notification id, so a resolution can name the
 * firing mail it closes (In-Reply-To) and mail clients thread them; the subject is the message's title line.
 */
export function createEmailTransport(config: EmailConfig): Transport {
  const mailer = createMailer(config);
  const domain = config.from.replace(/^.*@/, "").replace(/>.*$/, "") || "vigie.invalid";
  return async ({ notificationId, channel, message, replyTo }) => {
    const [subject = "Vigie"] = message.body.split("\n");
    return mailer.send({
      to: channel.address,
      subject: `Vigie · ${subject}`,
      text: message.body,
      html: message.formattedBody,
      messageId: `<${notificationId}@${domain}>`,
      ...(replyTo ? { inReplyTo: replyTo } : {}),
    });
  };
}
