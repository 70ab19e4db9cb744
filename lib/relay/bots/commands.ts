/** What a chat message asks the bot, independent of the chat system. */
export type BotCommand =
  | { kind: "link"; token: string | null }
  | { kind: "help" }
  | { kind: "unknown"; command: string };

const helpAliases = new Set(["help", "aide", "hulp"]);
// Echoed back in the "unknown command" answer: keep it short so the bot cannot be used to repeat long text.
const maxEchoedLength = 32;

/** Parses a message body; `null` when it is not a command (plain conversation is ignored). */
export function parseCommand(body: string): BotCommand | null {
  const words = body.trim().split(/\s+/);
  const first = words[0] ?? "";
  if (!first.startsWith("!")) return null;
  const name = first.slice(1).toLowerCase();
  if (name === "link") return { kind: "link", token: words[1] ?? null };
  if (helpAliases.has(name)) return { kind: "help" };
  return { kind: "unknown", command: first.slice(0, maxEchoedLength) };
}
