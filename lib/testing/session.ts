/**
 * A signed-in session for action tests, at the level of next-auth: the session holds only a member id, as a real
 * one does, and `currentViewer()` reads that member's role from the database on every call, so a test can demote
 * an admin between two calls. In the test file:
 *   vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
 * then `testSession.memberId = …` (null: signed out).
 */
export const testSession: { memberId: string | null } = { memberId: null };

export function nextAuthWithTestSession() {
  const auth = async () => (testSession.memberId ? { memberId: testSession.memberId } : null);
  return { default: () => ({ handlers: {}, auth, signIn: async () => undefined, signOut: async () => undefined }) };
}
