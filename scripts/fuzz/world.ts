import type { Db } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";

/** What the fuzzer aims at: ids that exist, so inputs reach past "not found" into the real work. */
export type FuzzWorld = {
  memberIds: string[];
  adminId: string;
  targetIds: string[];
  channelIds: string[];
  componentIds: string[];
  /** Chat accounts linked to a member, with the room of that conversation. */
  conversations: { sender: string; roomId: string; channelType: "matrix" | "mattermost" }[];
};

/** Three members in the three languages, each with targets and linked chats, one admin, two infra components. */
export async function seedFuzzWorld(db: Db): Promise<FuzzWorld> {
  const world: FuzzWorld = {
    memberIds: [],
    adminId: "",
    targetIds: [],
    channelIds: [],
    componentIds: [],
    conversations: [],
  };
  world.componentIds.push(await seedComponent(db, "hypervisor"), await seedComponent(db, "vpn_server"));
  for (const locale of ["fr", "nl", "en"] as const) {
    const { memberId, targetId } = await seedMember(db, { locale, targetLabel: `Brique ${locale}` });
    world.memberIds.push(memberId);
    world.targetIds.push(targetId, await seedTarget(db, memberId, { kind: "vps", dependsOn: world.componentIds[0] }));
    world.targetIds.push(await seedTarget(db, memberId, { kind: "ping", status: "pending" }));
    const roomId = `!fuzz-${memberId}:example.org`;
    const matrixChannel = await seedMatrixChannel(db, memberId, { roomId });
    world.channelIds.push(matrixChannel, await seedMatrixChannel(db, memberId, { verified: false }));
    world.conversations.push({ sender: `@${matrixChannel}:example.org`, roomId, channelType: "matrix" });
    const mattermostChannel = newId("c");
    const mattermostRoom = `fuzz${memberId.slice(2, 12)}`;
    await db.insert(channels).values({
      id: mattermostChannel,
      memberId,
      type: "mattermost",
      address: `user${memberId.slice(2, 10)}`,
      roomId: mattermostRoom,
      verifiedAt: new Date(),
    });
    world.channelIds.push(mattermostChannel);
    world.conversations.push({
      sender: `user${memberId.slice(2, 10)}`,
      roomId: mattermostRoom,
      channelType: "mattermost",
    });
  }
  const admin = await upsertMemberFromOidc(db, { subject: `fuzz-admin-${newId("s")}`, isAdmin: true });
  await setMemberLocale(db, admin.id, "en");
  world.adminId = admin.id;
  return world;
}
