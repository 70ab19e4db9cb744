import { bundleArchiveName, packAntennaBundle, renderAntennaBundle } from "@/lib/antennas/bundle";
import { readAntennaForBundle } from "@/lib/antennas/bundle-data";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env, secretKeyFromEnv } from "@/lib/env";
import { isLocale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { adminScopeOf } from "@/lib/policy";

export const dynamic = "force-dynamic";

type Reason =
  | "not_admin"
  | "bundle_antenna_not_found"
  | "bundle_antenna_revoked"
  | "bundle_write_url_missing"
  | "bundle_secret_key_missing";

/**
 * An antenna's bundle (`?locale=fr|nl|en` for its install note, else the admin's language), as a `.tar.gz`
 * attachment that is never cached: it holds the antenna's MAC salt. Refusals are one sentence in the admin's
 * language, as plain text the browser shows.
 */
export async function GET(request: Request, { params }: { params: Promise<{ antennaId: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) return Response.json({ error: "unauthenticated" }, { status: 401 });
  const requested = new URL(request.url).searchParams.get("locale");
  const locale = isLocale(requested) ? requested : viewer.locale;
  const refuse = (status: number, reason: Reason) =>
    new Response(`${translatorFor(locale, "ui")(`errors.${reason}`)}\n`, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });

  const admin = adminScopeOf(viewer);
  if (!admin) return refuse(403, "not_admin");
  const settings = env();
  if (!settings.ANTENNA_WRITE_URL) return refuse(503, "bundle_write_url_missing");
  const secretKey = secretKeyFromEnv(settings);
  if (!secretKey) return refuse(503, "bundle_secret_key_missing");

  const { antennaId } = await params;
  const source = await readAntennaForBundle(await db(), admin, antennaId, secretKey);
  if (source.status === "not_found") return refuse(404, "bundle_antenna_not_found");
  if (source.status === "revoked") return refuse(409, "bundle_antenna_revoked");

  const bundle = renderAntennaBundle({ ...source, writeUrl: settings.ANTENNA_WRITE_URL, locale });
  return new Response(new Uint8Array(packAntennaBundle(bundle)), {
    headers: {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="${bundleArchiveName(source.antennaId)}"`,
      "cache-control": "no-store",
    },
  });
}
