import { z } from "zod";

/**
 * What a redirect tells the page it lands on, as a `notice` query flag: one word from this list, never personal
 * data. The page says it once (components/flash-notice.tsx drops the flag from the address).
 */
export const pageNoticeSchema = z.enum(["admin-only", "signed-out"]);
export type PageNotice = z.infer<typeof pageNoticeSchema>;

export function withNotice(path: string, notice: PageNotice): string {
  return `${path}?notice=${notice}`;
}

/** The notice a flag names, or none for a missing or unknown flag (the address bar is anyone's input). */
export function noticeOf(flag: string | null): PageNotice | null {
  const parsed = pageNoticeSchema.safeParse(flag);
  return parsed.success ? parsed.data : null;
}
