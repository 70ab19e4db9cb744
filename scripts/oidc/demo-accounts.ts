/** Demo identities of the local identity provider: three members and one admin (password: "demo"). */
export type DemoAccount = { login: string; name: string; email: string; groups: string[] };

export const demoPassword = "demo";

export const demoAccounts: DemoAccount[] = [
  { login: "alice", name: "Alice Demo", email: "alice@example.org", groups: ["vpn-members"] },
  { login: "bob", name: "Bob Demo", email: "bob@example.org", groups: ["vpn-members"] },
  { login: "carol", name: "Carol Demo", email: "carol@example.org", groups: ["vpn-members"] },
  { login: "admin", name: "Admin Demo", email: "admin@example.org", groups: ["vpn-members", "vigie-admins"] },
];

/** Where the e2e tests add their per-test accounts, when the provider runs with `acceptTestAccounts`. */
export const testAccountsPath = "/__e2e/accounts";
