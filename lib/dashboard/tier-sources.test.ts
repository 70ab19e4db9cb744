import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { targetKindTiers, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { metricsClientsByKind } from "./tier-sources";

const secretKey = randomBytes(32).toString("base64");
let handle: DbHandle;
let server: Server;
let url: string;
const seen: { path: string; authorization: string | undefined }[] = [];
const ids = { guarded: newId("r"), open: newId("r") };

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const sealed = encryptSecret(parseSecretKey(secretKey), "reader-password", `tier:${ids.guarded}`);
  await handle.db.insert(tiers).values([
    {
      id: ids.guarded,
      name: "VPN/FFDN",
      retention: "6M",
      writeUrl: `${url}/api/v1/write`,
      readUrl: `${url}/guarded`,
      readUsername: "reader",
      readPasswordSealed: sealed,
    },
    { id: ids.open, name: "VPS", retention: "3y", writeUrl: `${url}/api/v1/write`, readUrl: `${url}/open` },
  ]);
  await handle.db.insert(targetKindTiers).values([
    { kind: "brick", tierId: ids.guarded },
    { kind: "ping", tierId: ids.guarded },
    { kind: "vps", tierId: ids.open },
  ]);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await handle.close();
});

describe("metricsClientsByKind", () => {
  it("reads each kind's tier at its read URL, with its read credential when it has one", async () => {
    const clients = await metricsClientsByKind(handle.db, secretKey);
    expect([...clients.keys()].sort()).toEqual(["brick", "ping", "vps"]);
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

  it("sends no credential it cannot unseal", async () => {
    seen.length = 0;
    await (await metricsClientsByKind(handle.db, undefined)).get("brick")!.queryInstant("up");
    expect(seen).toEqual([{ path: "/guarded/api/v1/query", authorization: undefined }]);
  });
});
