import { type Column, eq, type SQL } from "drizzle-orm";
import type { Viewer } from "@/lib/auth";

/**
 * Who may do what, by name. Scopes are what writes take instead of a bare id: a `MemberScope` is the signed-in
 * member acting on their own rows, an `AdminScope` a member the database says is an admin. Only this module makes
 * them, so a mutation that takes one cannot run without the check.
 */
declare const scopeBrand: unique symbol;
export type MemberScope = { readonly memberId: string; readonly [scopeBrand]: "member" };
export type AdminScope = { readonly adminId: string; readonly [scopeBrand]: "admin" };

export function canAdminister(viewer: Pick<Viewer, "isAdmin">): boolean {
  return viewer.isAdmin;
}

/** Admins are not limited by the members' quotas: they run the hub and set the limits themselves. */
export function exemptFromQuota(member: Pick<Viewer, "isAdmin">): boolean {
  return canAdminister(member);
}

export function memberScopeOf(viewer: Pick<Viewer, "memberId">): MemberScope {
  return { memberId: viewer.memberId } as MemberScope;
}

export function adminScopeOf(viewer: Pick<Viewer, "memberId" | "isAdmin">): AdminScope | null {
  return canAdminister(viewer) ? ({ adminId: viewer.memberId } as AdminScope) : null;
}

/**
 * The member-ownership condition, by name: it goes inside the `where` of every member-scoped query (with the row's
 * id when there is one), so an id forged in a form finds nothing rather than another member's row.
 */
export function ownedBy(table: { memberId: Column }, memberId: string): SQL {
  return eq(table.memberId, memberId);
}
