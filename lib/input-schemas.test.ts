import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseDeleteConfirmation } from "@/lib/account/schema";
import { emailTokenSchema, gotifyCodeInputSchema, parseChannelInput } from "@/lib/channels/schema";
import { deliveryDecisionSchema } from "@/lib/deliveries/schema";
import { componentIdSchema, componentInputSchema, dependencyInputSchema, incidentNoteSchema } from "@/lib/infra/schema";
import { parseSettingsForm, type SettingsFormValues } from "@/lib/members/settings-schema";
import { parseSilenceForm, type SilenceFormValues } from "@/lib/silences/schema";
import { rejectReasonSchema, reviewDecisionSchema, targetInputSchema } from "@/lib/targets/schema";
import { hostileOrLongText } from "@/lib/testing/hostile-text";
import { controlCharactersError, hasControlCharacters, recordIdSchema } from "@/lib/text-input";

type Values = Record<string, unknown>;
type Outcome = { ok: true } | { ok: false; errors: Record<string, string | undefined> };

/** A zod schema read as a form reads it: the first message per field. */
function viaZod(schema: z.ZodType, scalarField?: string): (values: Values) => Outcome {
  return (values) => {
    const parsed = schema.safeParse(scalarField ? values[scalarField] : values);
    if (parsed.success) return { ok: true };
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[scalarField ?? String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  };
}

/** A domain parser's answer (a `Parsed` of lib/action-result.ts) read the same way: the reason per field. */
function viaParsed(
  parse: (values: Values) => { ok: true } | { ok: false; fields?: Partial<Record<string, string>> },
): (values: Values) => Outcome {
  return (values) => {
    const parsed = parse(values);
    return parsed.ok ? { ok: true } : { ok: false, errors: { ...parsed.fields } };
  };
}

const now = new Date("2026-06-01T10:00:00Z");
const silence: SilenceFormValues = {
  kind: "duration",
  duration: "2h",
  startsAt: "",
  endsAt: "",
  weekdays: [],
  start: "",
  end: "",
  targetId: "t_1",
  comment: "Travaux",
};
const settings: SettingsFormValues = {
  quietEnabled: true,
  weekdays: ["1", "2"],
  start: "22:00",
  end: "07:00",
  criticalPassesThrough: true,
  repeatInterval: "4h",
  messageRetentionDays: "30",
};
const id = (prefix: string) => `${prefix}_0123456789abcdef0123`;

/**
 * Every parser of member or admin input, with a valid sample. Each string field of the sample is a text field
 * unless listed in `choices` (fields a select or a fixed format decides, which refuse anything else with their own
 * message); `multiline` fields keep tab and line breaks.
 */
const parsers: {
  name: string;
  parse: (values: Values) => Outcome;
  sample: Values;
  choices?: string[];
  multiline?: string[];
}[] = [
  {
    name: "brick target",
    parse: viaZod(targetInputSchema),
    sample: { kind: "brick", label: "Ma brique", url: "https://brique.example.org/" },
    choices: ["kind"],
  },
  {
    name: "ping target",
    parse: viaZod(targetInputSchema),
    sample: { kind: "ping", label: "Routeur", host: "router.example.org" },
    choices: ["kind"],
  },
  {
    name: "tcp target",
    parse: viaZod(targetInputSchema),
    sample: { kind: "tcp", label: "SSH", host: "192.0.2.10", port: "22" },
    choices: ["kind", "port"],
  },
  {
    name: "vps target",
    parse: viaZod(targetInputSchema),
    sample: { kind: "vps", label: "VPS", vmId: "qemu/101" },
    choices: ["kind"],
  },
  {
    name: "vpn target",
    parse: viaZod(targetInputSchema),
    sample: { kind: "vpn", label: "VPN", client: "alice-cube" },
    choices: ["kind"],
  },
  {
    name: "review decision",
    parse: viaZod(reviewDecisionSchema),
    sample: { targetId: id("t"), decision: "reject", reason: "Pas à votre nom" },
    choices: ["decision"],
    multiline: ["reason"],
  },
  {
    name: "rejection reason",
    parse: viaZod(rejectReasonSchema, "reason"),
    sample: { reason: "Pas à votre nom" },
    multiline: ["reason"],
  },
  {
    name: "matrix channel",
    parse: viaParsed(parseChannelInput),
    sample: { type: "matrix", matrixId: "@alice:example.org", minSeverity: "warning" },
    choices: ["type", "minSeverity"],
  },
  {
    name: "mattermost channel",
    parse: viaParsed(parseChannelInput),
    sample: { type: "mattermost", username: "alice", minSeverity: "warning" },
    choices: ["type", "minSeverity"],
  },
  {
    name: "gotify channel",
    parse: viaParsed(parseChannelInput),
    sample: { type: "gotify", serverUrl: "https://push.example.org", appToken: "AWxyz.Ab1_cd-E", minSeverity: "info" },
    choices: ["type", "minSeverity"],
  },
  {
    name: "e-mail channel",
    parse: viaParsed(parseChannelInput),
    sample: { type: "email", email: "alice@example.org", minSeverity: "critical" },
    choices: ["type", "minSeverity"],
  },
  { name: "gotify code", parse: viaZod(gotifyCodeInputSchema), sample: { channelId: id("c"), code: "ABCD2345" } },
  {
    name: "e-mail link token",
    parse: viaZod(emailTokenSchema, "token"),
    sample: { token: "k1-Zq_8sTokenFromTheMail" },
  },
  { name: "record id (targets, channels, silences)", parse: viaZod(recordIdSchema, "id"), sample: { id: id("t") } },
  {
    name: "failed delivery",
    parse: viaZod(deliveryDecisionSchema),
    sample: { notificationId: id("n"), intent: "retry" },
    choices: ["intent"],
  },
  {
    name: "duration silence",
    parse: viaParsed((values) => parseSilenceForm({ ...silence, ...values }, now)),
    sample: { ...silence },
    choices: ["kind"],
  },
  {
    name: "window silence",
    parse: viaParsed((values) => parseSilenceForm({ ...silence, ...values }, now)),
    sample: { ...silence, kind: "window", startsAt: "2026-06-02T10:00", endsAt: "2026-06-02T12:00" },
    choices: ["kind"],
  },
  {
    name: "weekly silence",
    parse: viaParsed((values) => parseSilenceForm({ ...silence, ...values }, now)),
    sample: { ...silence, kind: "weekly", weekdays: ["1"], start: "08:00", end: "09:00" },
    choices: ["kind"],
  },
  {
    name: "settings",
    parse: viaParsed((values) => parseSettingsForm({ ...settings, ...values })),
    sample: { ...settings },
  },
  {
    name: "delete account",
    parse: viaParsed((values) => parseDeleteConfirmation({ locale: values.locale, confirmation: values.confirmation })),
    sample: { locale: "fr", confirmation: "SUPPRIMER" },
    choices: ["locale"],
  },
  {
    name: "hypervisor",
    parse: viaZod(componentInputSchema),
    sample: { kind: "hypervisor", name: "pve1", address: "node/pve1" },
    choices: ["kind"],
  },
  {
    name: "VPN server",
    parse: viaZod(componentInputSchema),
    sample: { kind: "vpn_server", name: "VPN 1", address: "vpn1.example.org" },
    choices: ["kind"],
  },
  { name: "infra component id", parse: viaZod(componentIdSchema), sample: { componentId: id("i") } },
  { name: "dependency", parse: viaZod(dependencyInputSchema), sample: { targetId: id("t"), componentId: id("i") } },
  {
    name: "incident note",
    parse: viaZod(incidentNoteSchema),
    sample: { incidentId: id("x"), noteKey: "7f9c2ba4-e88f-4b6a-9d3c-1f2e3a4b5c6d", text: "Le nœud redémarre." },
    choices: ["noteKey"],
    multiline: ["text"],
  },
];

// Every C0 control, DEL and every C1 control.
const controls = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, code) => 0x80 + code),
].map((code) => String.fromCharCode(code));
const lineBreaks = new Set(["\t", "\n", "\r"]);

/** The text fields of a sample (string-array fields: each entry), with a way to put a bad value in one. */
function textFields(
  entry: (typeof parsers)[number],
): { field: string; withValue: (bad: (value: string) => string) => Values }[] {
  return Object.entries(entry.sample).flatMap(([field, value]) => {
    if (entry.choices?.includes(field)) return [];
    if (typeof value === "string")
      return [{ field, withValue: (bad: (value: string) => string) => ({ ...entry.sample, [field]: bad(value) }) }];
    if (Array.isArray(value) && value.length > 0) {
      return [
        {
          field,
          withValue: (bad: (value: string) => string) => ({
            ...entry.sample,
            [field]: [bad(String(value[0])), ...value.slice(1)],
          }),
        },
      ];
    }
    return [];
  });
}

describe("every input schema refuses control characters with one message", () => {
  it.each(parsers)("$name: the sample is valid", (entry) => {
    expect(entry.parse(entry.sample)).toMatchObject({ ok: true });
    expect(textFields(entry).length).toBeGreaterThan(0);
  });

  it.each(parsers)("$name: each text field refuses NUL, ESC and every other control character", (entry) => {
    for (const { field, withValue } of textFields(entry)) {
      const multiline = entry.multiline?.includes(field) ?? false;
      for (const control of controls) {
        if (multiline && lineBreaks.has(control)) continue;
        for (const place of [
          (v: string) => control + v,
          (v: string) => v.slice(0, 1) + control + v.slice(1),
          (v: string) => v + control,
        ]) {
          const outcome = entry.parse(withValue(place));
          const code = control.charCodeAt(0).toString(16).padStart(4, "0");
          expect(outcome.ok ? "accepted" : outcome.errors[field], `${entry.name}.${field} with \\u${code}`).toBe(
            controlCharactersError,
          );
        }
      }
    }
  });

  it.each(parsers.filter((entry) => entry.multiline))("$name: multi-line fields keep tab and line breaks", (entry) => {
    for (const field of entry.multiline!) {
      const value = entry.sample[field] as string;
      expect(entry.parse({ ...entry.sample, [field]: `${value}\r\nLigne 2\n\tLigne 3` }), field).toMatchObject({
        ok: true,
      });
    }
  });
});

describe("every input schema, on any input (fast-check)", () => {
  /** Values of the shape a form gives that field (text, a list of choices, a checkbox), with hostile contents. */
  const valueLike = (sample: unknown): fc.Arbitrary<unknown> =>
    Array.isArray(sample)
      ? fc.array(hostileOrLongText, { maxLength: 4 })
      : typeof sample === "boolean"
        ? fc.boolean()
        : hostileOrLongText;

  it.each(parsers)("$name: never throws, and accepts no control character in a text field", (entry) => {
    const overrides = fc.record(
      Object.fromEntries(Object.entries(entry.sample).map(([field, sample]) => [field, valueLike(sample)])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(overrides, (changed) => {
        const values: Values = { ...entry.sample, ...changed };
        const outcome = entry.parse(values);
        if (!outcome.ok) return;
        for (const field of Object.keys(changed)) {
          if (entry.choices?.includes(field)) continue;
          const multiline = entry.multiline?.includes(field) ?? false;
          for (const value of [values[field]].flat()) {
            if (typeof value === "string")
              expect(hasControlCharacters(value, { multiline }), `${entry.name}.${field}`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
