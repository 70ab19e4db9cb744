"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { listChannelsForMember } from "./data";
import { createMatrixChannel, deleteChannel } from "./mutations";
import { matrixIdSchema } from "./schema";

export type LinkFormState = {
  status: "idle" | "issued" | "invalid";
  error?: string;
  matrixId: string;
  /** Shown once: only its hash is stored. */
  token?: string;
  expiresInMinutes?: number;
};

export async function linkMatrixAction(_previous: LinkFormState, form: FormData): Promise<LinkFormState> {
  const matrixId = String(form.get("matrixId") ?? "").trim();
  const viewer = await currentViewer();
  if (!viewer) return { status: "invalid", error: "unexpected", matrixId };
  const parsed = matrixIdSchema.safeParse(matrixId);
  if (!parsed.success) return { status: "invalid", error: parsed.error.issues[0]?.message ?? "matrix_id_invalid", matrixId };
  const database = await db();
  const channelId = await createMatrixChannel(database, viewer.memberId, parsed.data);
  const ttlMinutes = env().LINK_TOKEN_TTL_MINUTES;
  const token = await issueLinkToken(database, { memberId: viewer.memberId, channelId, ttlMinutes });
  revalidatePath("/[locale]/channels", "page");
  return { status: "issued", matrixId: parsed.data, token, expiresInMinutes: ttlMinutes };
}

export async function renewLinkTokenAction(channelId: unknown): Promise<LinkFormState> {
  const id = z.string().min(1).max(64).safeParse(channelId);
  const viewer = await currentViewer();
  if (!viewer || !id.success) return { status: "invalid", error: "channel_not_found", matrixId: "" };
  const database = await db();
  const channel = (await listChannelsForMember(database, viewer.memberId)).find((row) => row.id === id.data);
  if (!channel) return { status: "invalid", error: "channel_not_found", matrixId: "" };
  const ttlMinutes = env().LINK_TOKEN_TTL_MINUTES;
  const token = await issueLinkToken(database, { memberId: viewer.memberId, channelId: channel.id, ttlMinutes });
  return { status: "issued", matrixId: channel.address, token, expiresInMinutes: ttlMinutes };
}

export async function deleteChannelAction(channelId: unknown): Promise<void> {
  const id = z.string().min(1).max(64).safeParse(channelId);
  const viewer = await currentViewer();
  if (!viewer || !id.success) return;
  await deleteChannel(await db(), viewer.memberId, id.data);
  revalidatePath("/[locale]/channels", "page");
}
