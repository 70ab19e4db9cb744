import { describe, expect, it } from "vitest";
import { countDeliveries } from "./count-deliveries";
import type { RoomEvent } from "./matrix-rooms";

let clock = 1_000;
const message = (body: string, extra: Partial<RoomEvent["content"]> = {}): RoomEvent => ({
  event_id: `$e${clock}`,
  sender: "@bot:localhost",
  type: "m.room.message",
  origin_server_ts: (clock += 10),
  content: { body, ...extra },
});
const firing = (label: string) =>
  message(`🔴 One ongoing problem\n• ${label}: is not responding, since 27 November at 03:00`);
const resolved = (label: string) =>
  message(`✅ Problem resolved\n• ${label}: is not responding, resolved (since 27 November at 03:00)`);
const edit = (label: string) =>
  message(`* ✅ Problem resolved\n• ${label}: fixed`, {
    "m.relates_to": { rel_type: "m.replace", event_id: "$first" },
    "m.new_content": { body: `✅ Problem resolved\n• ${label}: is not responding, resolved` },
  });

const a = "storm-m00001-t00";
const b = "storm-m00001-t01";
const expected = new Set([a, b]);

describe("countDeliveries", () => {
  it("counts one firing and one resolution per label, by reply or by edit", () => {
    const count = countDeliveries([[firing(a), firing(b), resolved(a), edit(b)]], expected);
    expect(count.firing).toEqual({ delivered: 2, duplicates: 0, lost: 0 });
    expect(count.resolved).toEqual({ delivered: 2, duplicates: 0, lost: 0 });
    expect([count.resolvedByMessage, count.resolvedByEdit, count.staleFiring]).toEqual([1, 1, 0]);
  });

  it("finds duplicates, losses, stale firings and strangers' labels", () => {
    const quoted = message(`> <@bot:localhost> • ${b}: is not responding\n✅ Problem resolved\n• ${a}: resolved`);
    const count = countDeliveries(
      [
        [firing(a), firing(a), quoted],
        [firing(a), firing("storm-m00009-t00")],
      ],
      expected,
    );
    expect(count.firing).toEqual({ delivered: 1, duplicates: 2, lost: 1 });
    expect(count.resolved).toEqual({ delivered: 1, duplicates: 0, lost: 1 });
    expect(count.staleFiring).toBe(1);
    expect(count.unexpected).toBe(1);
  });
});
