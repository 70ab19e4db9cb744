"use server";

import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { locales } from "@/lib/i18n/config";
import { setMemberLocale } from "./mutations";

/** The bot answers and alerts in the language the member last chose in the portal. */
export async function rememberLocaleAction(locale: unknown): Promise<void> {
  const parsed = z.enum(locales).safeParse(locale);
  const viewer = await currentViewer();
  if (!parsed.success || !viewer) return;
  await setMemberLocale(await db(), viewer.memberId, parsed.data);
}
