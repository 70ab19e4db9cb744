import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSecretKey } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { targetKindTiers, targets, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { sealTierReadCredential } from "@/lib/tiers/read-credential";
import { loadDashboard } from "./load-dashboard";
import { metricsClientsByKind } from "./tier-sources";
import { MetricsUnavailableError } from "./victoria-metrics";

const secretKey = randomBytes(32).toString("base64");
let handle: DbHandle;
let server: Server;
let url: string;
const seen: { path: string; authorization: string | undefined }[] = [];
const ids = { guarded: newId("r"), open: newId("r"), damaged: newId("r") };

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
    const resultType = request.url?.endsWith("query_range") ? "matrix" : "vector";
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "success", data: { resultType, result: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const key = parseSecretKey(secretKey);
  const tier = (id: string, path: string) => ({
    id,
    name: `tier ${path}`,
    retention: "6M",
    writeUrl: `${url}/api/v1/write`,
    readUrl: `${url}/${path}`,
  });
  await handle.db.insert(tiers).values([
    {
      ...tier(ids.guarded, "guarded"),
      readUsername: "reader",
      readPasswordSealed: sealTierReadCredential(key, ids.guarded, "reader-password"),
    },
    tier(ids.open, "open"),
    // Sealed for another tier (a row copied over, or restored from another hub): it cannot be opened here.
    {
      ...tier(ids.damaged, "damaged"),
      readUsername: "reader",
      readPasswordSealed: sealTierReadCredential(key, ids.guarded, "reader-password"),
    },
  ]);
  await handle.db.insert(targetKindTiers).values([
    { kind: "brick", tierId: ids.guarded },
    { kind: "ping", tierId: ids.guarded },
    { kind: "vps", tierId: ids.open },
    { kind: "tcp", tierId: ids.damaged },
  ]);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await handle.close();
});

describe("metricsClientsByKind", () => {
  it("reads each kind's tier at its read URL, with its read credential when it has one", async () => {
    seen.length = 0;
    const clients = await metricsClientsByKind(handle.db, secretKey);
    expect([...clients.keys()].sort()).toEqual(["brick", "ping", "tcp", "vps"]);
    // Kinds of one tier share its client, so the dashboard asks that tier once per measure.
    expect(clients.get("brick")).toBe(clients.get("ping"));
    await clients.get("brick")!.queryInstant("up");
    await clients.get("vps")!.queryInstant("up");
    expect(seen).toEqual([
      {
        path: "/guarded/api/v1/query",
        authorization: `Basic ${Buffer.from("reader:reader-password").toString("base64")}`,
      },
      { path: "/open/api/v1/query", authorization: undefined },
    ]);
  });

  it.each([
    ["a row sealed for another tier", secretKey],
    ["no VIGIE_SECRET_KEY", undefined],
    ["a malformed VIGIE_SECRET_KEY", "not-a-key"],
  ])("reads a tier as unavailable, asking it nothing, when its credential cannot be opened: %s", async (_, key) => {
    seen.length = 0;
    const clients = await metricsClientsByKind(handle.db, key);
    await expect(clients.get("tcp")!.queryInstant("up")).rejects.toThrow(MetricsUnavailableError);
    await expect(
      clients.get("tcp")!.queryRange("up", { start: new Date(0), end: new Date(), stepSeconds: 60 }),
    ).rejects.toThrow(MetricsUnavailableError);
    await clients.get("vps")!.queryInstant("up");
    expect(seen).toEqual([{ path: "/open/api/v1/query", authorization: undefined }]);
  });
});

describe("the member dashboard over a tier whose read credential cannot be opened", () => {
  it("says metrics are unavailable and still lists every target, reading the other tiers", async () => {
    const { memberId } = await seedMember(handle.db, { targetLabel: "brick" });
    await handle.db.insert(targets).values([
      { id: newId("t"), memberId, kind: "tcp", label: "mail", address: "mail.example.org:25" },
      { id: newId("t"), memberId, kind: "vps", label: "vps", address: "vps.example.org" },
    ]);
    seen.length = 0;
    const dashboard = await loadDashboard(handle.db, memberId, {
      metricsByKind: await metricsClientsByKind(handle.db, secretKey),
    });
    expect(dashboard.metrics).toBe("unavailable");
    expect(dashboard.targets.map((target) => target.kind).sort()).toEqual(["brick", "tcp", "vps"]);
    const asked = new Set(seen.map((request) => request.path.split("/")[1]));
    expect([...asked].sort()).toEqual(["guarded", "open"]);
  });
});
