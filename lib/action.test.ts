import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { refuse } from "@/lib/action-result";
import { text } from "@/lib/text-input";
import {
  adminAction,
  adminFormAction,
  formFields,
  memberAction,
  memberFormAction,
  publicFormAction,
  refusalOf,
} from "./action";

const session = vi.hoisted(() => ({ viewer: null as null | { memberId: string; isAdmin: boolean } }));
vi.mock("@/lib/auth", () => ({
  currentViewer: async () => session.viewer && { ...session.viewer, locale: "fr", displayName: null },
}));
afterEach(() => {
  session.viewer = null;
});

const labelSchema = z.object({ label: text({ error: "label_required" }).min(1, "label_required") });

describe("memberAction", () => {
  const rename = memberAction({
    input: labelSchema,
    run: async (input, scope) => ({ ok: true, label: input.label, memberId: scope.memberId }),
  });

  it("refuses a caller without a session before reading the input", async () => {
    expect(await rename({ label: "x" })).toEqual({ ok: false, reason: "unexpected" });
    expect(await rename("not even an object")).toEqual({ ok: false, reason: "unexpected" });
  });

  it("runs with the caller's own scope", async () => {
    session.viewer = { memberId: "m_alice", isAdmin: false };
    expect(await rename({ label: "Brique" })).toEqual({ ok: true, label: "Brique", memberId: "m_alice" });
  });

  it("turns a schema's messages into reasons per field, and anything else into unexpected", async () => {
    session.viewer = { memberId: "m_alice", isAdmin: false };
    expect(await rename({ label: "" })).toEqual({
      ok: false,
      reason: "label_required",
      fields: { label: "label_required" },
    });
    expect(await rename({ label: "a\u0000b" })).toEqual({
      ok: false,
      reason: "control_characters",
      fields: { label: "control_characters" },
    });
    expect(await rename({ label: 3 })).toMatchObject({ ok: false, fields: { label: expect.any(String) } });
    const zodWording = refusalOf(z.object({ n: z.number() }).safeParse({ n: "x" }).error!);
    expect(zodWording).toEqual({ ok: false, reason: "unexpected", fields: { n: "unexpected" } });
  });
});

describe("adminAction", () => {
  const run = vi.fn(async (_input: { label: string }, scope: { adminId: string }) => ({
    ok: true as const,
    adminId: scope.adminId,
  }));
  const act = adminAction({ input: labelSchema, run });

  it("refuses a plain member with not_admin, even with valid input, and never runs", async () => {
    session.viewer = { memberId: "m_bob", isAdmin: false };
    expect(await act({ label: "x" })).toEqual({ ok: false, reason: "not_admin" });
    expect(await act({})).toEqual({ ok: false, reason: "not_admin" });
    session.viewer = null;
    expect(await act({ label: "x" })).toEqual({ ok: false, reason: "not_admin" });
    expect(run).not.toHaveBeenCalled();
  });

  it("gives an admin an admin scope", async () => {
    session.viewer = { memberId: "m_admin", isAdmin: true };
    expect(await act({ label: "x" })).toEqual({ ok: true, adminId: "m_admin" });
  });
});

describe("form actions", () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it("read repeated fields as lists and skip Next.js's own fields", () => {
    expect(
      formFields(
        form([
          ["day", "1"],
          ["day", "3"],
          ["name", "x"],
          ["$ACTION_ID_abc", ""],
        ]),
      ),
    ).toEqual({ day: ["1", "3"], name: "x" });
  });

  it("send back what was typed with every refusal, and not with a success", async () => {
    const save = memberFormAction({
      input: labelSchema,
      typed: (data) => ({ label: String(data.get("label") ?? "") }),
      run: async (input) =>
        input.label === "taken" ? refuse("target_quota_reached", { values: { limit: 2 } }) : { ok: true },
    });
    expect(await save(null, form([["label", "x"]]))).toEqual({
      ok: false,
      reason: "unexpected",
      typed: { label: "x" },
    });
    session.viewer = { memberId: "m_alice", isAdmin: false };
    expect(await save(null, form([["label", ""]]))).toEqual({
      ok: false,
      reason: "label_required",
      fields: { label: "label_required" },
      typed: { label: "" },
    });
    expect(await save(null, form([["label", "taken"]]))).toEqual({
      ok: false,
      reason: "target_quota_reached",
      values: { limit: 2 },
      typed: { label: "taken" },
    });
    expect(await save(null, form([["label", "ok"]]))).toEqual({ ok: true });
  });

  it("check the admin role on a form too", async () => {
    session.viewer = { memberId: "m_bob", isAdmin: false };
    const save = adminFormAction({ input: labelSchema, run: async () => ({ ok: true }) });
    expect(await save(null, form([["label", "x"]]))).toEqual({ ok: false, reason: "not_admin" });
  });

  it("run a public form (its input is the proof) without a session, and still parse its input first", async () => {
    const run = vi.fn(async (input: { label: string }) => ({ ok: true as const, label: input.label }));
    const confirm = publicFormAction({ input: labelSchema, run });
    expect(await confirm(null, form([["label", ""]]))).toEqual({
      ok: false,
      reason: "label_required",
      fields: { label: "label_required" },
    });
    expect(run).not.toHaveBeenCalled();
    expect(await confirm(null, form([["label", "x"]]))).toEqual({ ok: true, label: "x" });
  });
});
