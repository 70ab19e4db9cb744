import type { z } from "zod";

/**
 * C0 controls but tab and newline, DEL and C1 controls. PostgreSQL refuses NUL in text and jsonb (intake would
 * answer 500 and Alertmanager retry the group forever); the others only garble the members' messages.
 */
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A string without control characters, its lone surrogates (refused by jsonb) replaced by U+FFFD. */
export function cleanText(text: string): string {
  return text.replace(controlCharacters, "").toWellFormed();
}

/** A decoded JSON body with every string and key cleaned, before any schema or database sees it. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === "string") return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [cleanText(key), cleanJson(inner)]));
  }
  return value;
}

/** Label and annotation names Vigie's own rules and scrape configuration set: safe to show in a reason. */
export const vigieLabelNames = [
  "alertname",
  "member",
  "target",
  "kind",
  "severity",
  "instance",
  "job",
  "alertgroup",
  "infra",
  "depends_on",
  "summary",
];

/**
 * A refusal's reason an operator can act on, which never echoes the payload: label and annotation names can be
 * member text, so only the schema's own field names appear in paths (any other key shows as `[…]`), and the
 * messages are the schemas' own, which name what was expected, never what was received.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], fieldNames: ReadonlySet<string>): string {
  return issues.map((issue) => `${formatPath(issue.path, fieldNames)}: ${issue.message}`).join("; ");
}

function formatPath(path: readonly PropertyKey[], fieldNames: ReadonlySet<string>): string {
  if (path.length === 0) return "payload";
  return path
    .map((part, index) => {
      if (typeof part === "number") return `[${part}]`;
      if (typeof part === "string" && fieldNames.has(part)) return `${index === 0 ? "" : "."}${part}`;
      return "[…]";
    })
    .join("");
}
