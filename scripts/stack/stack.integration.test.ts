import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastTimings } from "@/lib/monitoring/timings";
import { type Stack, startStack } from "./stack";

let tmp: string;
let stack: Stack;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-stack-"));
  stack = await startStack({
    workDir: path.join(tmp, "stack"),
    configDir: path.join(tmp, "config"),
    timings: fastTimings,
  });
});
afterAll(async () => {
  await stack?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const seriesCount = async () => {
  const response = await fetch(`${stack.urls.victoriaMetrics}/api/v1/series/count`);
  return ((await response.json()) as { data: number[] }).data[0];
};

describe("the dev stack's VictoriaMetrics", () => {
  it("refuses to delete series or take snapshots without its per-start keys", async () => {
    const importResponse = await fetch(`${stack.urls.victoriaMetrics}/api/v1/import/prometheus`, {
      method: "POST",
      body: "vigie_canary 1\n",
    });
    expect(importResponse.status).toBe(204);
    await fetch(`${stack.urls.victoriaMetrics}/internal/force_flush`);
    expect(await seriesCount()).toBeGreaterThan(0);

    const deleteAll = `${stack.urls.victoriaMetrics}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('{__name__=~".+"}')}`;
    for (const url of [
      deleteAll,
      `${deleteAll}&authKey=guess`,
      `${stack.urls.victoriaMetrics}/snapshot/create`,
      `${stack.urls.victoriaMetrics}/snapshot/list`,
    ]) {
      const response = await fetch(url);
      // VictoriaMetrics 1.79 refuses with 400 and names the flag.
      expect(response.status, url).toBe(400);
      expect(await response.text(), url).toContain("invalid authKey");
    }
    expect(await seriesCount()).toBeGreaterThan(0);

    // The keys are not empty and work, so the refusal above is the key's doing, not a missing endpoint.
    expect(stack.adminKeys.deleteAuthKey).not.toBe(stack.adminKeys.snapshotAuthKey);
    const snapshots = await fetch(
      `${stack.urls.victoriaMetrics}/snapshot/list?authKey=${stack.adminKeys.snapshotAuthKey}`,
    );
    expect(snapshots.status).toBe(200);
    expect((await fetch(`${deleteAll}&authKey=${stack.adminKeys.deleteAuthKey}`)).status).toBe(204);
  });
});

describe("the dev stack's vmauth", () => {
  it("starts on a placeholder vmauth.yml (0600) and reloads only with its per-start key", async () => {
    expect((await stat(path.join(tmp, "config", "vmauth.yml"))).mode & 0o777).toBe(0o600);
    const reload = async (query: string) => {
      const response = await fetch(`${stack.urls.vmauth}/-/reload${query}`);
      await response.body?.cancel();
      return response.status;
    };
    expect(await reload("")).toBe(400);
    expect(await reload("?authKey=guess")).toBe(400);
    expect(await reload(`?authKey=${encodeURIComponent(stack.vmauthReloadKey)}`)).toBe(200);
  });
});
