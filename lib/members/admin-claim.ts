/**
 * Whether an OIDC profile names the admin group in its groups claim. Identity providers send the claim as an
 * array (Keycloak, Authentik) or as one space- or comma-separated string; anything else counts as no groups.
 * The comparison is exact, case included: group names are identifiers at the provider, and a look-alike
 * ("Vigie-Admins", "vigie-admins-old") must not grant admin rights.
 */
export function isAdminByClaims(profile: Record<string, unknown>, groupsClaim: string, adminGroup: string): boolean {
  return groupsOf(profile, groupsClaim).includes(adminGroup);
}

function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  if (!Object.hasOwn(profile, claim)) return [];
  const value = profile[claim];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? value.split(/[\s,]+/) : [];
}
