import { type AdminScope, adminScopeOf, type MemberScope, memberScopeOf } from "@/lib/policy";

/**
 * Scopes for tests that call mutations directly. Production code gets them only from `lib/policy.ts` after the
 * caller was checked; a test makes one for the member it seeded, as an action would once the check passed.
 */
export function adminScopeFor(memberId: string): AdminScope {
  const scope = adminScopeOf({ memberId, isAdmin: true });
  if (!scope) throw new Error("an admin always has an admin scope");
  return scope;
}

export function memberScopeFor(memberId: string): MemberScope {
  return memberScopeOf({ memberId });
}
