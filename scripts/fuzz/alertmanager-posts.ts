import fc from "fast-check";
import { hostileOrLongText, hostileText } from "@/lib/testing/hostile-text";

/** One post to an Alertmanager endpoint of the relay: the Authorization header and the raw body. */
export type AlertmanagerPost = { authorization: string | null; body: string };

export type PostWorld = {
  token: string;
  memberIds: readonly string[];
  targetIds: readonly string[];
  componentIds: readonly string[];
};

const timestamp = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
      .map((date) => date.toISOString()),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "0001-01-01T00:00:00Z",
      "2026-11-26T23:49:48.970123456+01:00",
      "2026-11-26T23:49:48.12Z",
    ),
  },
  { weight: 1, arbitrary: hostileText },
);

const labelSet = (fixed: fc.Arbitrary<Record<string, string>>) =>
  fc
    .tuple(fixed, fc.dictionary(hostileText, hostileOrLongText, { maxKeys: 6 }))
    .map(([own, extra]) => ({ ...extra, ...own }));

/** A group shaped like Alertmanager's (payload version 4), whose strings may be hostile and whose alerts may mix members. */
function memberGroup(world: PostWorld) {
  const member = fc.constantFrom(...world.memberIds);
  const alert = (groupMember: string) =>
    fc.record({
      status: fc.constantFrom("firing", "resolved"),
      labels: labelSet(
        fc.record({
          alertname: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom("BlackboxProbeFailed", "SSLCertExpiringSoon", "VpnClientDown") },
            { weight: 1, arbitrary: hostileText },
          ),
          member: fc.oneof({ weight: 9, arbitrary: fc.constant(groupMember) }, { weight: 1, arbitrary: member }),
          target: fc.oneof(fc.constantFrom(...world.targetIds), hostileText),
          severity: fc.oneof(fc.constantFrom("critical", "warning", "info"), hostileText),
        }),
      ),
      annotations: fc.dictionary(hostileText, hostileOrLongText, { maxKeys: 4 }),
      startsAt: timestamp,
      endsAt: timestamp,
      generatorURL: hostileText,
      fingerprint: fc.oneof(
        { weight: 4, arbitrary: fc.stringMatching(/^[0-9a-f]{16}$/) },
        { weight: 1, arbitrary: hostileText },
      ),
    });
  return member.chain((groupMember) =>
    fc.record({
      version: fc.constant("4"),
      status: fc.constantFrom("firing", "resolved"),
      receiver: hostileText,
      groupKey: hostileText.map((text) => `{}/{member="${groupMember}"}:${text}`),
      truncatedAlerts: fc.nat(5),
      groupLabels: fc.constant({ member: groupMember }),
      commonLabels: labelSet(fc.constant({ member: groupMember })),
      commonAnnotations: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
      externalURL: hostileText,
      alerts: fc.array(alert(groupMember), { minLength: 1, maxLength: 6 }),
    }),
  );
}

/** An infra group: components by id, sometimes with a member label or none at all. */
function infraGroup(world: PostWorld) {
  const alert = fc.record({
    status: fc.constantFrom("firing", "resolved"),
    labels: labelSet(
      fc.record({
        alertname: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom("InfraHypervisorDown", "InfraVpnServerDown") },
          { weight: 1, arbitrary: hostileText },
        ),
        infra: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...world.componentIds) },
          { weight: 1, arbitrary: hostileText },
        ),
      }),
    ).chain((labels) =>
      // Now and then a member alert routed here by mistake: it must be refused, not taken for an outage.
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(labels) },
        { weight: 1, arbitrary: fc.constantFrom(...world.memberIds).map((member) => ({ ...labels, member })) },
      ),
    ),
    startsAt: timestamp,
    endsAt: timestamp,
    fingerprint: fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[0-9a-f]{16}$/) },
      { weight: 1, arbitrary: hostileText },
    ),
  });
  return fc.record({
    version: fc.constant("4"),
    status: fc.constantFrom("firing", "resolved"),
    groupKey: hostileText.map((text) => `{}/{infra=~".+"}:${text}`),
    alerts: fc.array(alert, { minLength: 1, maxLength: 4 }),
  });
}

/** Replaces one value somewhere in a JSON document by arbitrary JSON: the shapes a broken sender produces. */
function mutate(document: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]));
    else if (value && typeof value === "object")
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(document, []);
  return fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 })).map(([path, replacement]) => {
    if (path.length === 0) return replacement;
    const copy: unknown = structuredClone(document);
    let parent = copy as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    parent[path.at(-1)!] = replacement;
    return copy;
  });
}

function bodyOf(group: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: group.map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: group.chain(mutate).map((value) => JSON.stringify(value) ?? "") },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        hostileText,
        group.map((value) => JSON.stringify(value).slice(0, -3)),
      ),
    },
  );
}

/**
 * A header value as it travels: HTTP carries bytes, so text goes as its UTF-8 bytes read one per character, and
 * the control characters every HTTP client refuses to send (all but tab) are left out.
 */
const headerText = hostileText.map((text) =>
  Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ""),
);

function postOf(world: PostWorld, body: fc.Arbitrary<string>): fc.Arbitrary<AlertmanagerPost> {
  const authorization = fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${world.token}`) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: headerText.map((text) => `Bearer ${text}`) },
    { weight: 1, arbitrary: fc.constant(`bearer  ${world.token} `) },
  );
  return fc.record({ authorization, body });
}

export const memberGroupPost = (world: PostWorld) => postOf(world, bodyOf(memberGroup(world)));
export const infraGroupPost = (world: PostWorld) => postOf(world, bodyOf(infraGroup(world)));
