import { z } from "zod";

// `@localpart:server.name` per the Matrix spec's user id grammar: historical ids aside, localparts are
// lowercase; the server name is a DNS name, IPv4 or bracketed IPv6, with an optional port.
const matrixIdPattern = /^@[a-z0-9._=\-/+]+:(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** A Matrix user id as a member types it; the error code is translated by the page. */
export const matrixIdSchema = z
  .string()
  .trim()
  .max(255, { error: "matrix_id_invalid" })
  .regex(matrixIdPattern, { error: "matrix_id_invalid" })
  .brand<"MatrixId">();

export type MatrixId = z.infer<typeof matrixIdSchema>;

export type { ChannelTypeValue as ChannelType } from "@/lib/db/schema";
import type { ChannelTypeValue as ChannelType } from "@/lib/db/schema";

export type ChannelSummary = { id: string; type: ChannelType; address: string; verifiedAt: Date | null };

export type VerifiedChannel = { id: string; type: ChannelType; roomId: string };
