import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { antennaUsername, generatePassword } from "@/lib/antennas/credentials";
import { remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { waitFor } from "@/lib/testing/wait-for";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { type StandaloneVmauth, startStandaloneVmauth } from "@/scripts/stack/standalone-vmauth";
import { renderVmauth, vmauthFile } from "./render-vmauth";
import type { VmauthAntenna, VmauthCredential, VmauthInput, VmauthTier } from "./vmauth-model";

let tmp: string;
let vmA: VictoriaMetricsServer | undefined;
let vmB: VictoriaMetricsServer | undefined;
let vmauth: StandaloneVmauth | undefined;
let tiers: VmauthTier[];
const credential = (username: string): VmauthCredential => ({ username, password: generatePassword() });
const antenna = (id: string, tierId: string): VmauthAntenna => ({
  id,
  tierId,
  username: antennaUsername(id, 1),
  password: generatePassword(),
});
const an1 = antenna("an_1", "tier_a");
const an2 = antenna("an_2", "tier_b");
const validUntil = new Date("2026-12-01T12:00:00Z");
// Rotated: generation 2 is current, generation 1 stays valid until validUntil.
const an3 = {
  ...antenna("an_3", "tier_a"),
  username: antennaUsername("an_3", 2),
  previous: { username: antennaUsername("an_3", 1), password: generatePassword(), validUntil },
};
const beforeExpiry = new Date(validUntil.getTime() - 60_000);

const render = (antennas: VmauthAntenna[], now: Date) =>
  renderVmauth({ tiers, antennas, now } satisfies VmauthInput)[vmauthFile]!;

const basic = ({ username, password }: VmauthCredential) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

/**
 * Status code only: vmauth's 400 body echoes the Basic credential, so refused bodies are never read or logged.
 */
async function call(who: VmauthCredential, pathAndQuery: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(`${vmauth!.url}${pathAndQuery}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: basic(who) },
  });
  await response.body?.cancel();
  return response.status;
}

const write = (who: VmauthCredential, metric: string, pathAndQuery = "/api/v1/write") =>
  call(who, pathAndQuery, {
    method: "POST",
    headers: remoteWriteHeaders,
    body: new Uint8Array(
      remoteWriteBody([
        {
          labels: { __name__: metric, antenna: "spoofed", host: "gw" },
          samples: [{ value: 1, timestampMs: Date.now() }],
        },
      ]),
    ),
  });

type Series = Record<string, string>;
/** Reads a VictoriaMetrics directly (not through vmauth), to see what was really stored. */
async function seriesIn(vm: VictoriaMetricsServer, metric: string): Promise<Series[]> {
  // Makes just-written rows searchable at once instead of after VictoriaMetrics' own flush.
  await (await fetch(`${vm.url}/internal/force_flush`)).body?.cancel();
  const response = await fetch(`${vm.url}/api/v1/series?match[]=${encodeURIComponent(metric)}`);
  return ((await response.json()) as { data: Series[] }).data;
}
const storedIn = (vm: VictoriaMetricsServer, metric: string) =>
  waitFor(`${metric} stored`, async () => {
    const series = await seriesIn(vm, metric);
    return series.length > 0 ? series : undefined;
  });

const isRefused = (status: number) => status >= 400 && status < 500;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-vmauth-"));
  await Promise.all(["a", "b", "auth"].map((dir) => mkdir(path.join(tmp, dir))));
  [vmA, vmB] = await Promise.all([
    startVictoriaMetrics(path.join(tmp, "a")),
    startVictoriaMetrics(path.join(tmp, "b")),
  ]);
  tiers = [
    {
      id: "tier_a",
      name: "A",
      victoriaMetricsUrl: vmA.url,
      writer: credential("vmagent-tier_a"),
      reader: credential("reader-tier_a"),
    },
    {
      id: "tier_b",
      name: "B",
      victoriaMetricsUrl: vmB.url,
      writer: credential("vmagent-tier_b"),
      reader: credential("reader-tier_b"),
    },
  ];
  vmauth = await startStandaloneVmauth({
    workDir: path.join(tmp, "auth"),
    config: render([an1, an2, an3], beforeExpiry),
  });
});
afterAll(async () => {
  await vmauth?.stop();
  await Promise.all([vmA?.stop(), vmB?.stop()]);
  await rm(tmp, { recursive: true, force: true });
});

describe("vmauth with the rendered config, in front of two real VictoriaMetrics", () => {
  it("keeps the file readable by its owner only", async () => {
    expect((await stat(vmauth!.configFile)).mode & 0o777).toBe(0o600);
  });

  it("stores an antenna's remote write in its own tier, labelled with its own id whatever it claims", async () => {
    expect(await write(an1, "vigie_it_an1", "/api/v1/write?extra_label=antenna=other")).toBe(204);
    const series = await storedIn(vmA!, "vigie_it_an1");
    expect(series).toEqual([{ __name__: "vigie_it_an1", antenna: "an_1", host: "gw" }]);
    expect(await seriesIn(vmB!, "vigie_it_an1")).toEqual([]);

    expect(await write(an2, "vigie_it_an2")).toBe(204);
    expect(await storedIn(vmB!, "vigie_it_an2")).toEqual([{ __name__: "vigie_it_an2", antenna: "an_2", host: "gw" }]);
    expect(await seriesIn(vmA!, "vigie_it_an2")).toEqual([]);
  });

  it("refuses an antenna everything but its write path, and a wrong password", async () => {
    const match = `match[]=${encodeURIComponent('{antenna="an_1"}')}`;
    const refused = [
      await call(an1, "/api/v1/query?query=vigie_it_an1"),
      await call(an1, `/api/v1/query_range?query=vigie_it_an1&start=${Math.floor(Date.now() / 1000) - 60}`),
      await call(an1, `/api/v1/series?${match}`),
      await call(an1, `/api/v1/export?${match}`),
      await call(an1, `/api/v1/admin/tsdb/delete_series?${match}`, { method: "POST" }),
      await call(an1, "/snapshot/create"),
      await call(an1, "/api/v1/import/prometheus", { method: "POST", body: "vigie_it_import 1\n" }),
      // Another tier is not reachable by any path: cluster-style insert paths and others are not mapped.
      await call(an1, "/insert/0/prometheus/api/v1/write", { method: "POST" }),
      await write({ username: an1.username, password: an2.password }, "vigie_it_wrong"),
      await write({ username: an2.username, password: an1.password }, "vigie_it_wrong"),
    ];
    expect(refused.filter((status) => !isRefused(status))).toEqual([]);
    // The series is still there: the delete call was not forwarded.
    expect(await seriesIn(vmA!, "vigie_it_an1")).toHaveLength(1);
    expect(await seriesIn(vmA!, "vigie_it_wrong")).toEqual([]);
    expect(await seriesIn(vmB!, "vigie_it_wrong")).toEqual([]);
  });

  it("lets a tier's reader query and look up labels, but not write, export or delete", async () => {
    const reader = tiers[0]!.reader;
    const query = async (expr: string) => {
      const response = await fetch(`${vmauth!.url}/api/v1/query?query=${expr}`, {
        headers: { Authorization: basic(reader) },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { result: { metric: Series }[] } }).data.result;
    };
    const result = await waitFor("the reader's query answers", async () => {
      const found = await query("vigie_it_an1");
      return found.length > 0 ? found : undefined;
    });
    expect(result.map((r) => r.metric.antenna)).toEqual(["an_1"]);
    const now = Math.floor(Date.now() / 1000);
    expect(await call(reader, `/api/v1/query_range?query=vigie_it_an1&start=${now - 60}&end=${now}&step=15`)).toBe(200);
    expect(await call(reader, "/api/v1/labels")).toBe(200);
    expect(await call(reader, "/api/v1/label/antenna/values")).toBe(200);
    expect(await call(reader, "/api/v1/series?match[]=vigie_it_an1")).toBe(200);
    // tier_a's reader reads tier_a only: tier_b's series are not there.
    expect(await query("vigie_it_an2")).toEqual([]);

    const refused = [
      await write(reader, "vigie_it_reader"),
      await call(reader, "/api/v1/export?match[]=vigie_it_an1"),
      await call(reader, "/api/v1/admin/tsdb/delete_series?match[]=vigie_it_an1", { method: "POST" }),
      await call(reader, "/api/v1/import/prometheus", { method: "POST", body: "vigie_it_reader 1\n" }),
    ];
    expect(refused.filter((status) => !isRefused(status))).toEqual([]);
    expect(await seriesIn(vmA!, "vigie_it_an1")).toHaveLength(1);
  });

  it("lets vmagent's writer write into its tier only, without reading", async () => {
    const writer = tiers[1]!.writer;
    expect(await write(writer, "vigie_it_vmagent")).toBe(204);
    expect(await storedIn(vmB!, "vigie_it_vmagent")).toHaveLength(1);
    expect(isRefused(await call(writer, "/api/v1/query?query=vigie_it_vmagent"))).toBe(true);
    expect(await seriesIn(vmA!, "vigie_it_vmagent")).toEqual([]);
  });

  it("accepts a rotated antenna's old password until validUntil, then only the new one", async () => {
    const old = an3.previous;
    expect(await write(an3, "vigie_it_an3_new")).toBe(204);
    expect(await write(old, "vigie_it_an3_old")).toBe(204);
    expect(await storedIn(vmA!, "vigie_it_an3_old")).toEqual([
      { __name__: "vigie_it_an3_old", antenna: "an_3", host: "gw" },
    ]);

    await vmauth!.writeConfig(render([an1, an2, an3], validUntil));
    await vmauth!.reload();
    await waitFor("old password refused", async () =>
      isRefused(await write(old, "vigie_it_an3_late")) ? true : undefined,
    );
    expect(await write(an3, "vigie_it_an3_after")).toBe(204);
  });

  it("refuses a revoked antenna once vmauth reloads the file without it", async () => {
    expect(await write(an1, "vigie_it_an1_before")).toBe(204);
    await vmauth!.writeConfig(render([an2, an3], validUntil));
    const started = performance.now();
    await vmauth!.reload();
    await waitFor("revoked credential refused", async () =>
      isRefused(await write(an1, "vigie_it_an1_revoked")) ? true : undefined,
    );
    const elapsed = performance.now() - started;
    console.log(`vmauth: reload request → first refusal of the revoked credential: ${elapsed.toFixed(1)} ms`);
    expect(await write(an2, "vigie_it_an2_after")).toBe(204);
  });
});
