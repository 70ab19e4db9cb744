import { stormLabelPattern } from "./database";
import type { RoomEvent } from "./matrix-rooms";

export type StateChange = "firing" | "resolved";

export type StateTally = { delivered: number; duplicates: number; lost: number };
export type DeliveryCount = {
  firing: StateTally;
  resolved: StateTally;
  /** Resolutions shown as an edit (`m.replace`) of an earlier message, and as a message of their own. */
  resolvedByEdit: number;
  resolvedByMessage: number;
  /** A firing shown after the resolution of the same alert (a stale state overwriting a newer one). */
  staleFiring: number;
  /** Labels of targets outside this run (another member's message, or a leftover). */
  unexpected: number;
  /** Server time (ms) when the last expected state change first appeared; null if none did. */
  lastFirstSeenMs: number | null;
};

type Sighting = { label: string; state: StateChange; at: number; edit: boolean };

/**
 * How a bot event reads, line by line: an edit (`m.relates_to.rel_type == "m.replace"`) counts as the
 * resolution of every label in its new content; any other message counts each line naming a label as that
 * alert's firing, or its resolution when the line says "resolved" (English catalogue). Quoted lines (reply
 * fallbacks, starting with ">") repeat an earlier message and count for nothing.
 */
export function readSightings(event: RoomEvent): Sighting[] {
  const edit = event.content["m.relates_to"]?.rel_type === "m.replace";
  const text = (edit ? event.content["m.new_content"]?.body : undefined) ?? event.content.body ?? "";
  const sightings: Sighting[] = [];
  for (const line of text.split("\n")) {
    if (line.trimStart().startsWith(">")) continue;
    const state: StateChange = edit || /\bresolved\b/i.test(line) ? "resolved" : "firing";
    for (const label of new Set(line.match(stormLabelPattern) ?? [])) {
      sightings.push({ label, state, at: event.origin_server_ts, edit });
    }
  }
  return sightings;
}

/**
 * Each expected label must show one firing and one resolution. Duplicates are sightings beyond the first of a
 * (label, state); lost are (label, state) pairs never seen. Events must be in timeline order within each room.
 */
export function countDeliveries(
  rooms: readonly (readonly RoomEvent[])[],
  expectedLabels: ReadonlySet<string>,
): DeliveryCount {
  const seen = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const resolvedAt = new Map<string, number>();
  const count: DeliveryCount = {
    firing: { delivered: 0, duplicates: 0, lost: 0 },
    resolved: { delivered: 0, duplicates: 0, lost: 0 },
    resolvedByEdit: 0,
    resolvedByMessage: 0,
    staleFiring: 0,
    unexpected: 0,
    lastFirstSeenMs: null,
  };
  for (const events of rooms) {
    for (const sighting of events.flatMap(readSightings)) {
      if (!expectedLabels.has(sighting.label)) {
        count.unexpected += 1;
        continue;
      }
      const key = `${sighting.label}|${sighting.state}`;
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      if (times === 1) firstSeen.set(key, sighting.at);
      if (sighting.state === "resolved") {
        resolvedAt.set(sighting.label, Math.min(resolvedAt.get(sighting.label) ?? Infinity, sighting.at));
        if (sighting.edit) count.resolvedByEdit += 1;
        else count.resolvedByMessage += 1;
      } else if (resolvedAt.has(sighting.label)) {
        count.staleFiring += 1;
      }
    }
  }
  for (const label of expectedLabels) {
    for (const state of ["firing", "resolved"] as const) {
      const times = seen.get(`${label}|${state}`) ?? 0;
      if (times === 0) count[state].lost += 1;
      else count[state].delivered += 1;
      count[state].duplicates += Math.max(0, times - 1);
    }
  }
  for (const at of firstSeen.values()) count.lastFirstSeenMs = Math.max(count.lastFirstSeenMs ?? at, at);
  return count;
}
