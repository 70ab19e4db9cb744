import { createHash } from "node:crypto";

export type SeededMember = { memberId: string; targetId: string };
export type MixShares = { duplicates: number; resolutions: number };
export type PostKind = "new" | "duplicate" | "resolved";
export type Post = { kind: PostKind; body: string; answered?: () => void };

const alertnames = ["BlackboxProbeFailed", "SSLCertExpiringSoon", "ProbeSlow"] as const;
const severities = ["critical", "warning", "warning"] as const;
const zeroTime = "0001-01-01T00:00:00Z";
// Kept for duplicates and resolutions: enough variety, bounded memory over a long run.
const recentLimit = 4_096;

type FiredGroup = {
  member: SeededMember;
  alertname: string;
  severity: string;
  startsAt: string;
  fingerprint: string;
  body: string;
};

/**
 * Alertmanager v4 payloads as Vigie's routes group them (member, alertname, target): mostly new firing groups,
 * some exact re-posts (a clustered peer or a retry sends the same body) and some resolutions of groups fired
 * earlier. Each new group is a new occurrence (its own startsAt), so its dedupe key is new.
 */
export function createAlertMix(members: readonly SeededMember[], shares: MixShares) {
  if (members.length === 0) throw new Error("the mix needs seeded members");
  const recent: FiredGroup[] = [];
  const unresolved: FiredGroup[] = [];
  const epoch = Date.parse("2026-11-27T00:00:00Z");
  let sequence = 0;
  const counts: Record<PostKind, number> = { new: 0, duplicate: 0, resolved: 0 };

  const fireNew = (): Post => {
    const index = sequence++;
    const member = members[index % members.length]!;
    const alertname = alertnames[index % alertnames.length]!;
    const severity = severities[index % severities.length]!;
    const startsAt = new Date(epoch + index).toISOString();
    const fingerprint = createHash("sha256")
      .update(`${member.memberId}|${alertname}|${member.targetId}`)
      .digest("hex")
      .slice(0, 16);
    const group = { member, alertname, severity, startsAt, fingerprint, body: "" };
    group.body = renderGroup(group, "firing");
    // Only once stored: a resolution overtaking its own firing post would rightly store nothing, and the bench
    // could no longer tell how many rows the posts owe.
    const answered = () => {
      remember(recent, group);
      remember(unresolved, group);
    };
    return { kind: "new", body: group.body, answered };
  };

  const pick = (): Post => {
    const roll = Math.random() * 100;
    if (roll < shares.duplicates && recent.length > 0) {
      return { kind: "duplicate", body: recent[Math.floor(Math.random() * recent.length)]!.body };
    }
    if (roll < shares.duplicates + shares.resolutions && unresolved.length > 0) {
      const group = unresolved.splice(Math.floor(Math.random() * unresolved.length), 1)[0]!;
      const body = renderGroup(group, "resolved");
      remember(recent, { ...group, body });
      return { kind: "resolved", body };
    }
    return fireNew();
  };

  return {
    /** Posts handed out so far, by kind: new and resolved posts each owe one outbox row per channel. */
    counts,
    nextPost(): Post {
      const post = pick();
      counts[post.kind] += 1;
      return post;
    },
  };
}

function remember(list: FiredGroup[], group: FiredGroup): void {
  if (list.length >= recentLimit) list.splice(Math.floor(Math.random() * list.length), 1);
  list.push(group);
}

function renderGroup(group: FiredGroup, status: "firing" | "resolved"): string {
  const { memberId, targetId } = group.member;
  const labels = {
    alertname: group.alertname,
    member: memberId,
    target: targetId,
    instance: `https://${targetId}.example.org/`,
    kind: "brick",
    severity: group.severity,
    alertgroup: "probes",
    job: "blackbox",
  };
  const endsAt = status === "resolved" ? new Date(Date.parse(group.startsAt) + 300_000).toISOString() : zeroTime;
  return JSON.stringify({
    receiver: `member-${memberId}`,
    status,
    alerts: [
      {
        status,
        labels,
        annotations: { summary: `${group.alertname} on ${targetId}` },
        startsAt: group.startsAt,
        endsAt,
        generatorURL: "http://127.0.0.1:8880/vmalert/alert?group_id=1&alert_id=2",
        fingerprint: group.fingerprint,
      },
    ],
    groupLabels: { alertname: group.alertname, member: memberId, target: targetId },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: "http://127.0.0.1:9093",
    version: "4",
    groupKey: `{}/{member=~"^(?:${memberId})$"}:{alertname="${group.alertname}", member="${memberId}", target="${targetId}"}`,
    truncatedAlerts: 0,
  });
}
