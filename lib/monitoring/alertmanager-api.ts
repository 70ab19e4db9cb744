import { z } from "zod";

/**
 * Alertmanager API v2 for one member's silences and alerts. Every call takes the member id and forces the
 * `member="<id>"` equality matcher itself, so no caller can silence, list or expire anything of another member.
 */
export type AlertmanagerApi = { baseUrl: string; fetch: typeof fetch };

/** Labels a member may narrow a silence with, besides `member` (which is always set by us). */
export const narrowingLabels = ["target", "alertname", "instance"] as const;
export type NarrowingLabel = (typeof narrowingLabels)[number];
export type MemberMatchers = Partial<Record<NarrowingLabel, string>>;

type ApiMatcher = { name: string; value: string; isRegex: false; isEqual: true };

const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(
    z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().default(true) }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string().default(""),
  status: z.object({ state: z.enum(["active", "pending", "expired"]) }),
});
const alertSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  status: z.object({ state: z.string(), silencedBy: z.array(z.string()).default([]) }),
});
export type MemberSilence = z.infer<typeof silenceSchema>;
export type MemberAlert = z.infer<typeof alertSchema>;

export function createAlertmanagerApi(baseUrl: string, fetchImpl: typeof fetch = fetch): AlertmanagerApi {
  return { baseUrl: baseUrl.replace(/\/+$/, ""), fetch: fetchImpl };
}

/** The member matcher first, then the narrowing ones in a fixed order; a `member` key given by a caller is ignored. */
export function memberMatchersFor(memberId: string, narrowing: MemberMatchers = {}): ApiMatcher[] {
  const matchers: ApiMatcher[] = [{ name: "member", value: memberId, isRegex: false, isEqual: true }];
  for (const name of narrowingLabels) {
    const value = narrowing[name];
    if (value) matchers.push({ name, value, isRegex: false, isEqual: true });
  }
  return matchers;
}

/** True when the silence is restricted to exactly this member by an equality matcher. */
export function belongsToMember(matchers: MemberSilence["matchers"], memberId: string): boolean {
  return matchers.some((m) => m.name === "member" && m.value === memberId && !m.isRegex && m.isEqual);
}

async function call(api: AlertmanagerApi, path: string, init?: RequestInit): Promise<unknown> {
  const response = await api.fetch(`${api.baseUrl}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `alertmanager ${init?.method ?? "GET"} ${path.split("?")[0]}: ${response.status} ${text.slice(0, 200)}`,
    );
  return text ? JSON.parse(text) : null;
}

export async function createMemberSilence(
  api: AlertmanagerApi,
  memberId: string,
  silence: { narrowing?: MemberMatchers; startsAt: Date; endsAt: Date; comment: string; createdBy: string },
): Promise<string> {
  const body = {
    matchers: memberMatchersFor(memberId, silence.narrowing),
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    createdBy: silence.createdBy,
    // Alertmanager refuses an empty comment.
    comment: silence.comment || "vigie",
  };
  const result = z
    .object({ silenceID: z.string() })
    .parse(await call(api, "/api/v2/silences", { method: "POST", body: JSON.stringify(body) }));
  return result.silenceID;
}

/** Expires the silence only if it is the member's: a forged id of someone else's silence changes nothing. */
export async function expireMemberSilence(api: AlertmanagerApi, memberId: string, silenceId: string): Promise<boolean> {
  const found = silenceSchema.safeParse(
    await call(api, `/api/v2/silence/${encodeURIComponent(silenceId)}`).catch(() => null),
  );
  if (!found.success || !belongsToMember(found.data.matchers, memberId)) return false;
  if (found.data.status.state === "expired") return true;
  await call(api, `/api/v2/silence/${encodeURIComponent(silenceId)}`, { method: "DELETE" });
  return true;
}

const memberFilter = (memberId: string) => `filter=${encodeURIComponent(`member="${memberId}"`)}`;

export async function listMemberSilences(api: AlertmanagerApi, memberId: string): Promise<MemberSilence[]> {
  const all = z.array(silenceSchema).parse(await call(api, `/api/v2/silences?${memberFilter(memberId)}`));
  return all.filter((silence) => belongsToMember(silence.matchers, memberId));
}

/** The member's alerts that are firing now (silenced ones included unless `activeOnly`). */
export async function listMemberAlerts(
  api: AlertmanagerApi,
  memberId: string,
  options: { activeOnly?: boolean } = {},
): Promise<MemberAlert[]> {
  const flags = options.activeOnly ? "&silenced=false&inhibited=false" : "";
  const all = z.array(alertSchema).parse(await call(api, `/api/v2/alerts?${memberFilter(memberId)}${flags}`));
  return all.filter((alert) => alert.labels.member === memberId);
}

/** Every alert Alertmanager holds for some member, silenced and inhibited ones included (resolved ones are not listed). */
export async function listAllMemberAlerts(api: AlertmanagerApi): Promise<MemberAlert[]> {
  const filter = new URLSearchParams({ filter: 'member=~".+"' });
  return z.array(alertSchema).parse(await call(api, `/api/v2/alerts?${filter}`));
}

/** Every infra alert Alertmanager holds (labelled `infra=<component id>`), silenced and inhibited ones included. */
export async function listInfraAlerts(api: AlertmanagerApi): Promise<MemberAlert[]> {
  const filter = new URLSearchParams({ filter: 'infra=~".+"' });
  return z.array(alertSchema).parse(await call(api, `/api/v2/alerts?${filter}`));
}
