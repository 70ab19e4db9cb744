"use client";

import { useState } from "react";

type AnnouncementSpec<Item> = {
  key: (item: Item) => string;
  state: (item: Item) => string;
  /** The sentence for one item that changed ("Ma brique: offline."). */
  one: (item: Item) => string;
  /** The sentence for several at once, rather than reading them all. */
  several: (count: number) => string;
};

type Seen = { signature: string; states: Map<string, string>; message: string };

/**
 * What a live list says to screen readers when it refreshes: one short sentence about what changed state since
 * the last refresh (nothing on the first render, nothing for rows added or removed by the member's own action,
 * which their form already confirms). Render it in an `aria-live="polite"` region.
 * The previous states are kept as state and compared during render (React's "information from previous renders"):
 * no effect, so the sentence arrives with the refreshed rows.
 */
export function useChangeAnnouncement<Item>(items: readonly Item[], spec: AnnouncementSpec<Item>): string {
  const states = new Map(items.map((item) => [spec.key(item), spec.state(item)]));
  const signature = [...states].map(([key, state]) => `${key}=${state}`).join("\n");
  const [seen, setSeen] = useState<Seen>({ signature, states, message: "" });
  if (seen.signature === signature) return seen.message;
  const message = changeSentence(seen.states, items, spec) ?? seen.message;
  setSeen({ signature, states, message });
  return message;
}

/** The sentence for what changed state since `before`, or null when nothing known did. */
export function changeSentence<Item>(
  before: ReadonlyMap<string, string>,
  items: readonly Item[],
  spec: AnnouncementSpec<Item>,
): string | null {
  const changed = items.filter((item) => {
    const previous = before.get(spec.key(item));
    return previous !== undefined && previous !== spec.state(item);
  });
  if (changed.length === 0) return null;
  return changed.length === 1 ? spec.one(changed[0]!) : spec.several(changed.length);
}
