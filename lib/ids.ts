import { randomBytes } from "node:crypto";

/** Random, URL-safe, prefixed ids (`m_…`, `t_…`): pseudonymous, so they may appear in monitoring labels. */
export function newId(prefix: "m" | "t" | "c" | "l" | "n" | "s" | "i" | "x" | "v" | "r" | "a"): string {
  return `${prefix}_${randomBytes(10).toString("hex")}`;
}
