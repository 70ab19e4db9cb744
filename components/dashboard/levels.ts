/** How urgent a certificate's renewal is: < 14 days amber, < 3 days or expired red. */
export type CertLevel = "ok" | "low" | "critical" | "expired";

export function certLevel(daysLeft: number): CertLevel {
  if (daysLeft < 0) return "expired";
  if (daysLeft < 3) return "critical";
  if (daysLeft < 14) return "low";
  return "ok";
}

/** A duration as days + hours, hours + minutes, or minutes: the largest two units a reader needs. */
export function durationParts(seconds: number) {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 60) return { unit: "minutes" as const, minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: "hours" as const, hours, minutes: minutes % 60 };
  return { unit: "days" as const, days: Math.floor(hours / 24), hours: hours % 24 };
}
