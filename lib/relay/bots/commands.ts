import { cleanText } from "../intake/payload-text";

/** What a chat message asks the bot, independent of the chat system. */
export type BotCommand =
  | { kind: "link"; token: string | null }
  | { kind: "help" }
  | { kind: "status" }
  /** `target`: a label or the number shown by !status; null silences every target. */
  | { kind: "silence"; duration: string | null; target: string | null }
  | { kind: "unlink" }
  | { kind: "unknown"; command: string };

const helpAliases = new Set(["help", "aide", "hulp"]);
const statusAliases = new Set(["status", "statut", "etat", "état"]);
const silenceAliases = new Set(["silence", "stilte"]);
// Echoed back in the "unknown command" answer: keep it short so the bot cannot be used to repeat long text.
const maxEchoedLength = 32;

/** Parses a message body; `null` when it is not a command (plain conversation is ignored). */
export function parseCommand(body: string): BotCommand | null {
  // The words reach queries (a token, a target's name): cleaned as Alertmanager's payloads are.
  const words = cleanText(body).trim().split(/\s+/);
  const first = words[0] ?? "";
  if (!first.startsWith("!")) return null;
  const name = first.slice(1).toLowerCase();
  if (name === "link") return { kind: "link", token: words[1] ?? null };
  if (helpAliases.has(name)) return { kind: "help" };
  if (statusAliases.has(name)) return { kind: "status" };
  if (name === "unlink") return { kind: "unlink" };
  if (silenceAliases.has(name))
    return { kind: "silence", duration: words[1] ?? null, target: words.slice(2).join(" ") || null };
  // Cut by characters, not UTF-16 units, and mend lone surrogates: the echo must be text a chat client can show.
  return { kind: "unknown", command: [...first].slice(0, maxEchoedLength).join("").toWellFormed() };
}

/** "ack", alone, in a reply to an alert: the member acknowledges it. */
export function isAcknowledgement(body: string): boolean {
  // Replies quote the original message in lines starting with "> ": only the member's own words count.
  const own = body
    .split("\n")
    .filter((line) => !line.startsWith(">"))
    .join(" ")
    .trim()
    .toLowerCase();
  return own === "ack";
}
