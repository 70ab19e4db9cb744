import { hasEmailAddress } from "@/lib/antennas/personal-data";

/** A MAC address as tools print it: six pairs of hex digits joined by `:` or `-`, in either case. */
const macPattern = /\b[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}\b/i;

export type Forbidden = {
  /** Exact texts that must not appear (a member's e-mail and name, an antenna's notes), compared case-insensitively. */
  texts: string[];
  /** Known MACs, also looked for without separators (a careless hash input or a label would drop them). */
  macs: string[];
  /** Lines known not to be about a person, left out before scanning (e.g. a Debian packager's address). */
  ignoredLines?: RegExp[];
};

/**
 * What in `content` could identify a person or a device: any MAC address, any e-mail address, and the known
 * forbidden texts. Returns what kind was found (never the finding itself, so a failing test does not print it).
 */
export function personalDataIn(everything: string, forbidden: Forbidden): string[] {
  const ignored = forbidden.ignoredLines ?? [];
  const content = everything
    .split("\n")
    .filter((line) => !ignored.some((pattern) => pattern.test(line)))
    .join("\n");
  const hits = new Set<string>();
  if (macPattern.test(content)) hits.add("MAC address");
  if (hasEmailAddress(content)) hits.add("e-mail address");
  const lower = content.toLowerCase();
  for (const mac of forbidden.macs) {
    if (lower.includes(mac.toLowerCase().replace(/[:-]/g, ""))) hits.add("a known MAC without separators");
  }
  forbidden.texts.forEach((text, index) => {
    if (lower.includes(text.toLowerCase())) hits.add(`forbidden text #${index + 1}`);
  });
  return [...hits];
}
