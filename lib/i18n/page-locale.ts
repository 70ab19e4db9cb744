import "server-only";
import { getLocale } from "next-intl/server";
import { type Locale, toLocale } from "./config";

/**
 * The language of the page a server action was posted from (proxy.ts localises the request from its URL), for
 * text the action composes for that page. The member's stored language is for the messages Vigie sends them.
 */
export async function pageLocale(): Promise<Locale> {
  return toLocale(await getLocale());
}
