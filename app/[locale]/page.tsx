import { redirect } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ChannelOverview } from "@/components/home/channel-overview";
import { currentViewer, signIn } from "@/lib/auth";
import { channelAvailability } from "@/lib/channels/availability";
import { env } from "@/lib/env";
import { toLocale } from "@/lib/i18n/config";

export default async function HomePage({ params }: PageProps<"/[locale]">) {
  const { locale } = await params;
  setRequestLocale(toLocale(locale));
  if (await currentViewer()) redirect(`/${locale}/dashboard`);
  const t = await getTranslations("ui.home");
  const offered = channelAvailability(env());

  async function signInAction() {
    "use server";
    await signIn("oidc", { redirectTo: `/${locale}/dashboard` });
  }

  return (
    <section className="space-y-6">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="max-w-prose text-lg">{t("intro")}</p>
      <form action={signInAction}>
        <button type="submit" className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900">
          {t("signIn")}
        </button>
      </form>
      <ChannelOverview offered={offered} />
    </section>
  );
}
