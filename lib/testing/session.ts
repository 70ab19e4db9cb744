import type { Viewer } from "@/lib/auth";

/**
 * Stand-ins for the modules a server action or route reaches beyond its own code: the session, the database
 * handle, Next.js's cache and the monitoring sync. `vi.mock` must be written in the test file itself (Vitest
 * hoists it from there only), so each test file keeps one line per module it replaces, and that line takes the
 * stand-in from here:
 *   vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
 *   vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
 *   vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
 *   vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());
 * The state below is shared with the factories because the test file and the factory's dynamic import load the
 * same module instance.
 *
 * This module must import nothing at run time that imports `@/lib/db/client`: the factory of that mock imports
 * it, and would then wait on itself.
 */

/**
 * A signed-in session at the level of next-auth: it holds only a member id, as a real one does, and
 * `currentViewer()` reads that member's role from the database on every call, so a test can demote an admin
 * between two calls. `testSession.memberId = …` signs in (null: signed out).
 */
export const testSession: { memberId: string | null } = { memberId: null };

export function nextAuthWithTestSession() {
  const auth = async () => (testSession.memberId ? { memberId: testSession.memberId } : null);
  return { default: () => ({ handlers: {}, auth, signIn: async () => undefined, signOut: async () => undefined }) };
}

/**
 * The viewer as the older tests give it, replacing `@/lib/auth` whole: `currentViewer()` answers `testViewer.current`
 * as set, without reading the database (`signInViewer`; null: signed out).
 */
export const testViewer: { current: Viewer | null } = { current: null };

/** Signs in as `memberId`: a member (not an admin) reading French unless told otherwise. */
export function signInViewer(memberId: string, viewer: Partial<Omit<Viewer, "memberId">> = {}): void {
  testViewer.current = { memberId, isAdmin: false, locale: "fr", displayName: null, ...viewer };
}

export function authWithTestViewer() {
  return { currentViewer: async () => testViewer.current };
}

/** The database the code under test opens with `db()`: the test file's own (`testDatabase.handle = handle`). */
export const testDatabase: { handle: { db: unknown } | null } = { handle: null };

export async function testDbClient(original: () => Promise<object>) {
  return {
    ...(await original()),
    db: async () => {
      if (!testDatabase.handle) throw new Error("testDatabase.handle is not set: assign it in beforeAll");
      return testDatabase.handle.db;
    },
  };
}

/** Outside a request, Next.js's `revalidatePath` throws; the tests check what the action returns and stores. */
export function nextCacheStandIn() {
  return { revalidatePath: () => {} };
}

/** How many monitoring syncs the code under test asked for (`monitoringSyncs.count`); none actually runs. */
export const monitoringSyncs = { count: 0 };

export function monitoringRuntimeStandIn() {
  return {
    requestMonitoringSync: () => {
      monitoringSyncs.count++;
    },
  };
}

/**
 * The language of the page an action is posted from, which next-intl reads from the request's URL outside tests
 * (`testPage.locale = "en"`; French unless set).
 *   vi.mock("@/lib/i18n/page-locale", async () => (await import("@/lib/testing/session")).pageLocaleStandIn());
 */
export const testPage: { locale: "fr" | "nl" | "en" } = { locale: "fr" };

export function pageLocaleStandIn() {
  return { pageLocale: async () => testPage.locale };
}
