/**
 * Remembers which servers asked us to slow down. A 429 with `retry_after_ms` from the bot's homeserver applies to
 * every send through it, not just the one refused: the rows waiting for the same server are put back until then
 * instead of each earning its own 429. Held in memory per worker; a restart forgets it, and the server says it again.
 */
export class RateGate {
  private readonly closedUntil = new Map<string, number>();

  /** When the server behind `key` accepts sends again, or undefined if it does now. */
  reopensAt(key: string, now: Date): Date | undefined {
    const until = this.closedUntil.get(key);
    if (until === undefined) return undefined;
    if (until <= now.getTime()) {
      this.closedUntil.delete(key);
      return undefined;
    }
    return new Date(until);
  }

  close(key: string, untilMs: number): void {
    this.closedUntil.set(key, Math.max(untilMs, this.closedUntil.get(key) ?? 0));
  }
}

/**
 * Sends to the same server share one limit: the bot's homeserver, the Mattermost server, the SMTP relay are one
 * each; Gotify servers are the members' own, one per host.
 */
export function rateKeyOf(channel: { type: string; address: string }): string {
  if (channel.type !== "gotify") return channel.type;
  try {
    return `gotify:${new URL(channel.address).host}`;
  } catch {
    return `gotify:${channel.address}`;
  }
}
