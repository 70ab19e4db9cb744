import fc from "fast-check";
import { deleteAccountAction } from "@/lib/account/actions";
import type { Viewer } from "@/lib/auth";
import {
  addChannelAction,
  confirmEmailAction,
  deleteChannelAction,
  renewVerificationAction,
  setMinSeverityAction,
  verifyGotifyCodeAction,
} from "@/lib/channels/actions";
import { sendTestMessageAction } from "@/lib/channels/test-message-actions";
import { handleFailedDeliveryAction } from "@/lib/deliveries/actions";
import {
  deleteComponentAction,
  saveComponentAction,
  sendIncidentNoteAction,
  setDependencyAction,
} from "@/lib/infra/actions";
import { rememberLocaleAction, saveSettingsAction } from "@/lib/members/actions";
import { createSilenceAction, expireSilenceAction } from "@/lib/silences/actions";
import { addTargetAction, deleteTargetAction, editTargetAction, setTargetPausedAction } from "@/lib/targets/actions";
import { reviewRequestAction } from "@/lib/targets/review-actions";
import { fieldValue } from "@/lib/testing/hostile-text";
import { callerStore } from "./handlers";
import type { Outcome } from "./run-fuzz";
import type { FuzzWorld } from "./world";

type ActionCall = (form: FormData) => Promise<unknown>;

/**
 * Every server action as the browser reaches it: a form post, or the arguments a client component passes. Each
 * takes the whole form, so an action reads the fields it knows and the fuzzer can send any.
 */
const actions: Record<string, ActionCall> = {
  addTarget: (form) => addTargetAction(null, form),
  editTarget: (form) => editTargetAction(null, form),
  setTargetPaused: (form) => setTargetPausedAction(null, form),
  deleteTarget: (form) => deleteTargetAction(null, form),
  reviewRequest: (form) => reviewRequestAction(null, form),
  addChannel: (form) => addChannelAction(null, form),
  renewVerification: (form) => renewVerificationAction(form.get("channelId")),
  verifyGotifyCode: (form) => verifyGotifyCodeAction(null, form),
  setMinSeverity: (form) =>
    setMinSeverityAction({ channelId: form.get("channelId"), minSeverity: form.get("minSeverity") }),
  deleteChannel: (form) => deleteChannelAction(form.get("channelId")),
  sendTestMessage: (form) => sendTestMessageAction(form.get("channelId")),
  confirmEmail: (form) => confirmEmailAction(null, form),
  createSilence: (form) => createSilenceAction(null, form),
  expireSilence: (form) => expireSilenceAction(null, form),
  rememberLocale: (form) => rememberLocaleAction(form.get("locale")),
  saveSettings: (form) => saveSettingsAction(null, form),
  deleteAccount: (form) => deleteAccountAction(null, form),
  saveComponent: (form) => saveComponentAction(null, form),
  deleteComponent: (form) => deleteComponentAction(null, form),
  setDependency: (form) => setDependencyAction(null, form),
  sendIncidentNote: (form) => sendIncidentNoteAction(null, form),
  handleFailedDelivery: (form) => handleFailedDeliveryAction(null, form),
};

export type ActionInput = {
  action: string;
  caller: "anonymous" | "member" | "admin";
  memberIndex: number;
  fields: [string, string][];
};

/** Plausible values per field name, so many inputs get past the first check; hostile text does the rest. */
function plausibleFields(world: FuzzWorld): Record<string, readonly string[]> {
  return {
    kind: ["brick", "ping", "tcp", "vps", "vpn", "hypervisor", "vpn_server", "duration", "window", "weekly", "matrix"],
    label: ["Ma brique", "VPS"],
    url: ["https://brick.example.org/", "http://[::1]:80/", "https://internal.example.org/", "javascript:alert(1)"],
    host: ["brick.example.org", "192.0.2.1", "::1", "10.0.0.1", "example.org."],
    port: ["443", "0", "65536", "-1", "1e3"],
    vmId: ["qemu/101", "101", "lxc/7"],
    client: ["alice", "client-1"],
    targetId: world.targetIds,
    paused: ["true", "false"],
    decision: ["approve", "reject"],
    reason: ["Not ours"],
    addressVersion: ["0".repeat(64), "x".repeat(65)],
    type: ["matrix", "mattermost", "gotify", "email"],
    matrixId: ["@alice:example.org", "@x:y", "alice"],
    username: ["alice", "@bob"],
    serverUrl: ["https://gotify.example.org", "http://127.0.0.1:1"],
    appToken: ["AppToken123"],
    email: ["alice@example.org", "a@b"],
    minSeverity: ["info", "warning", "critical"],
    channelId: world.channelIds,
    code: ["ABCDEFGH", "23456789"],
    token: ["a".repeat(43)],
    duration: ["1h", "30m", "2d", "31d"],
    startsAt: ["2026-12-01T10:00", "2026-12-01"],
    endsAt: ["2026-12-01T12:00"],
    weekdays: ["1", "7", "8"],
    start: ["08:00", "24:00"],
    end: ["18:00"],
    comment: ["maintenance"],
    silenceId: ["am-1"],
    locale: ["fr", "nl", "en", "de"],
    quietEnabled: ["on", "true"],
    repeatInterval: ["4h", "30m", "1y"],
    messageRetentionDays: ["30", "0", "3650"],
    criticalPassesThrough: ["on"],
    confirmation: ["nope"],
    name: ["pve1", "vpn1"],
    address: ["node/pve1", "vpn.example.org", "::1"],
    componentId: [...world.componentIds, ""],
    incidentId: ["x_00000000000000000000"],
    noteKey: ["8b5f2f3e-8f0c-4b8e-9a51-2d6a3b0c1e7d"],
    text: ["Maintenance tonight"],
    notificationId: ["n_00000000000000000000"],
    intent: ["retry", "discard"],
  };
}

export function actionInputs(world: FuzzWorld): fc.Arbitrary<ActionInput> {
  const plausible = plausibleFields(world);
  const field = fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .constantFrom(...Object.keys(plausible))
        .chain((name) => fieldValue(plausible[name]!).map((value): [string, string] => [name, value])),
    },
    { weight: 1, arbitrary: fc.tuple(fieldValue([]), fieldValue([])) },
  );
  return fc.record({
    action: fc.constantFrom(...Object.keys(actions)),
    caller: fc.constantFrom("anonymous", "member", "admin"),
    memberIndex: fc.nat(world.memberIds.length - 1),
    fields: fc.array(field, { maxLength: 14 }),
  });
}

/** Runs one action as its caller. Next.js ends some actions by throwing a redirect: that is an answer, not a crash. */
export function serverActionHandler(world: FuzzWorld) {
  return async (input: ActionInput): Promise<Outcome> => {
    const form = new FormData();
    for (const [name, value] of input.fields) form.append(name, value);
    const caller: Viewer | null =
      input.caller === "anonymous"
        ? null
        : {
            memberId: input.caller === "admin" ? world.adminId : world.memberIds[input.memberIndex]!,
            isAdmin: input.caller === "admin",
            locale: "fr",
            displayName: null,
          };
    let result: unknown;
    try {
      result = await callerStore.run(caller, () => actions[input.action]!(form));
    } catch (error) {
      if (isNextControlFlow(error)) return { kind: "accepted" };
      throw error;
    }
    return { kind: isRefusal(result) ? "refused" : "accepted" };
  };
}

/** The actions' several result shapes, read for the report's counts only. */
function isRefusal(result: unknown): boolean {
  if (!result || typeof result !== "object") return false;
  const fields = result as Record<string, unknown>;
  return (
    fields.ok === false ||
    fields.status === "invalid" ||
    fields.status === "failed" ||
    Boolean(fields.failure) ||
    Boolean(fields.error)
  );
}

function isNextControlFlow(error: unknown): boolean {
  const digest = error && typeof error === "object" && "digest" in error ? String(error.digest) : "";
  return (
    digest.startsWith("NEXT_REDIRECT") ||
    digest.startsWith("NEXT_NOT_FOUND") ||
    digest === "NEXT_HTTP_ERROR_FALLBACK;404"
  );
}
