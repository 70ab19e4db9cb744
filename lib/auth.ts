import "server-only";
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { setRequestLocale } from "next-intl/server";
import { db } from "@/lib/db/client";
import { members } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { isAdminByClaims } from "@/lib/members/admin-claim";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { withNotice } from "@/lib/page-notice";
import { type AdminScope, adminScopeOf } from "@/lib/policy";

declare module "next-auth" {
  interface Session {
    memberId: string;
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    memberId?: string;
  }
}

// A function, so the environment is read per request at run time, not at build time.
function authConfig(): NextAuthConfig {
  const settings = env();
  return {
    trustHost: true,
    secret: settings.AUTH_SECRET,
    session: { strategy: "jwt" },
    providers: [
      {
        id: "oidc",
        name: "Neutrinet",
        type: "oidc",
        issuer: settings.OIDC_ISSUER,
        clientId: settings.OIDC_CLIENT_ID,
        clientSecret: settings.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: `openid email profile ${settings.OIDC_GROUPS_CLAIM}` } },
        checks: ["pkce", "state"],
      },
    ],
    callbacks: {
      async jwt({ token, profile }) {
        if (profile?.sub) {
          const member = await upsertMemberFromOidc(await db(), {
            subject: profile.sub,
            displayName: typeof profile.name === "string" ? profile.name : null,
            email: typeof profile.email === "string" ? profile.email : null,
            isAdmin: isAdminByClaims(profile, settings.OIDC_GROUPS_CLAIM, settings.OIDC_ADMIN_GROUP),
          });
          token.memberId = member.id;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, memberId: token.memberId ?? "" };
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

export type Viewer = { memberId: string; isAdmin: boolean; locale: Locale; displayName: string | null };

/** The signed-in member as the database knows them now (role changes apply without a new login). */
export async function currentViewer(): Promise<Viewer | null> {
  const session = await auth();
  if (!session?.memberId) return null;
  const [row] = await (await db())
    .select({ id: members.id, isAdmin: members.isAdmin, locale: members.locale, displayName: members.displayName })
    .from(members)
    .where(eq(members.id, session.memberId));
  if (!row) return null;
  return { memberId: row.id, isAdmin: row.isAdmin, locale: toLocale(row.locale), displayName: row.displayName };
}

export async function requireMember(locale: Locale): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/${locale}`);
  return viewer;
}

/**
 * An admin page's caller with the scope admin reads and writes take; a member goes to their dashboard, which
 * says why (the notice names no one and no page).
 */
export async function requireAdmin(locale: Locale): Promise<{ viewer: Viewer; scope: AdminScope }> {
  const viewer = await requireMember(locale);
  const scope = adminScopeOf(viewer);
  if (!scope) redirect(withNotice(`/${locale}/dashboard`, "admin-only"));
  return { viewer, scope };
}

type Entered = { locale: Locale; viewer: Viewer };

/** The start of every signed-in page: the locale from the URL, and who may see the page (an admin page gets the scope). */
export async function enterPage(
  params: Promise<{ locale: string }>,
  access: "admin",
): Promise<Entered & { scope: AdminScope }>;
export async function enterPage(params: Promise<{ locale: string }>, access: "member"): Promise<Entered>;
export async function enterPage(
  params: Promise<{ locale: string }>,
  access: "member" | "admin",
): Promise<Entered & { scope?: AdminScope }> {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  if (access === "admin") return { locale, ...(await requireAdmin(locale)) };
  return { locale, viewer: await requireMember(locale) };
}
