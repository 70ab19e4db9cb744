import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { refusalOf, refuse } from "@/lib/action-result";
import { signInViewer, testViewer } from "@/lib/testing/session";
import { text } from "@/lib/text-input";
import { adminFormAction, formFields, memberAction, memberFormAction, publicFormAction } from "./action";

vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
afterEach(() => {
  testViewer.current = null;
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
    signInViewer("m_alice");
    expect(await rename({ label: "Brique" })).toEqual({ ok: true, label: "Brique", memberId: "m_alice" });
  });

  it("turns a schema's messages into reasons per field, and anything else into unexpected", async () => {
    signInViewer("m_alice");
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

describe("adminFormAction", () => {
  const run = vi.fn(async (_input: { label: string }, scope: { adminId: string }) => ({
    ok: true as const,
    adminId: scope.adminId,
  }));
  const act = adminFormAction({ input: labelSchema, run });
  const labelled = (label?: string) => {
    const data = new FormData();
    if (label !== undefined) data.append("label", label);
    return data;
  };

  it("refuses a plain member with not_admin, even with valid input, and never runs", async () => {
    signInViewer("m_bob");
    expect(await act(null, labelled("x"))).toEqual({ ok: false, reason: "not_admin" });
    expect(await act(null, labelled())).toEqual({ ok: false, reason: "not_admin" });
    testViewer.current = null;
    expect(await act(null, labelled("x"))).toEqual({ ok: false, reason: "not_admin" });
    expect(run).not.toHaveBeenCalled();
  });

  it("gives an admin an admin scope", async () => {
    signInViewer("m_admin", { isAdmin: true });
    expect(await act(null, labelled("x"))).toEqual({ ok: true, adminId: "m_admin" });
  });
});

describe("the invalid option", () => {
  const idSchema = z.object({ componentId: text().regex(/^i_[0-9a-f]{4}$/), label: labelSchema.shape.label });
  const run = async (input: { componentId: string }) => ({ ok: true as const, id: input.componentId });

  it("gives its reason, alone, when the schema's issues carry none (a malformed id the caller never typed)", async () => {
    signInViewer("m_alice");
    const act = memberAction({ input: idSchema, invalid: "component_not_found", run });
    expect(await act({ componentId: "nope", label: "x" })).toEqual({ ok: false, reason: "component_not_found" });
    expect(await act(null)).toEqual({ ok: false, reason: "component_not_found" });
    expect(await act({ componentId: "i_00ff", label: "x" })).toEqual({ ok: true, id: "i_00ff" });
  });

  it("leaves a schema's own reasons under their fields", async () => {
    signInViewer("m_alice");
    const act = memberAction({ input: idSchema, invalid: "component_not_found", run });
    expect(await act({ componentId: "nope", label: "" })).toEqual({
      ok: false,
      reason: "label_required",
      fields: { componentId: "unexpected", label: "label_required" },
    });
  });

  it("as a function, decides the refusal from zod's error", async () => {
    signInViewer("m_alice", { isAdmin: true });
    const act = adminFormAction({
      input: idSchema,
      invalid: (error) => {
        const label = refusalOf<"label">(error).fields?.label;
        return label ? refuse("invalid", { fields: { label } }) : refuse("component_not_found");
      },
      run,
    });
    const data = (entries: Record<string, string>) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(entries)) form.append(key, value);
      return form;
    };
    expect(await act(null, data({ componentId: "i_00ff", label: "" }))).toEqual({
      ok: false,
      reason: "invalid",
      fields: { label: "label_required" },
    });
    expect(await act(null, data({ componentId: "x", label: "ok" }))).toEqual({
      ok: false,
      reason: "component_not_found",
    });
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
    signInViewer("m_alice");
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
    signInViewer("m_bob");
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
