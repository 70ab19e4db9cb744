import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/db/testing";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { listTargetsForMember } from "./data";
import { createBrick, deleteTarget } from "./mutations";

let handle: DbHandle;
let alice: string;
let bob: string;
const publicResolver = async () => ["80.67.169.12"];

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
});
afterAll(() => handle.close());

describe("createBrick", () => {
  it("stores a valid brick for its member only", async () => {
    const result = await createBrick(handle.db, alice, { label: "Ma brique", url: "https://brick.example.org" }, { allowedNetworks: [], resolve: publicResolver });
    expect(result).toMatchObject({ ok: true });
    expect(await listTargetsForMember(handle.db, alice)).toMatchObject([{ label: "Ma brique", address: "https://brick.example.org/", kind: "brick" }]);
    expect(await listTargetsForMember(handle.db, bob)).toEqual([]);
  });

  it("reports each bad field and stores nothing", async () => {
    const before = (await listTargetsForMember(handle.db, bob)).length;
    expect(await createBrick(handle.db, bob, { label: " ", url: "ftp://x.org" }, { allowedNetworks: [] })).toEqual({
      ok: false,
      errors: { label: "label_required", url: "url_scheme" },
    });
    expect(await createBrick(handle.db, bob, { label: "x", url: "not a url" }, { allowedNetworks: [] })).toEqual({
      ok: false,
      errors: { url: "url_invalid" },
    });
    expect(await createBrick(handle.db, bob, { label: "x", url: "http://127.0.0.1:8080/" }, { allowedNetworks: [] })).toEqual({
      ok: false,
      errors: { url: "address_not_allowed" },
    });
    expect(await listTargetsForMember(handle.db, bob)).toHaveLength(before);
  });

  it("accepts loopback when the allow-list names it", async () => {
    const result = await createBrick(handle.db, bob, { label: "local", url: "http://127.0.0.1:8080/" }, { allowedNetworks: ["127.0.0.1/32"] });
    expect(result).toMatchObject({ ok: true });
  });
});

describe("deleteTarget", () => {
  it("deletes only the caller's own target", async () => {
    const [target] = await listTargetsForMember(handle.db, alice);
    expect(await deleteTarget(handle.db, bob, target!.id)).toBe(false);
    expect(await listTargetsForMember(handle.db, alice)).toHaveLength(1);
    expect(await deleteTarget(handle.db, alice, target!.id)).toBe(true);
    expect(await listTargetsForMember(handle.db, alice)).toHaveLength(0);
  });
});
