import { getRequestConfig } from "next-intl/server";
import { toLocale } from "./config";
import { messagesFor } from "./messages";

export default getRequestConfig(async ({ requestLocale }) => {
  const locale = toLocale(await requestLocale);
  return { locale, messages: messagesFor(locale), timeZone: "Europe/Brussels" };
});
