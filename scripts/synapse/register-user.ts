import { createHmac } from "node:crypto";

export type RegisteredUser = { userId: string; accessToken: string };

/** The MAC Synapse expects from the shared-secret registration API (HMAC-SHA1 over NUL-separated fields). */
export function registrationMac(input: {
  sharedSecret: string;
  nonce: string;
  localpart: string;
  password: string;
  admin: boolean;
}): string {
  return createHmac("sha1", input.sharedSecret)
    .update([input.nonce, input.localpart, input.password, input.admin ? "admin" : "notadmin"].join("\0"))
    .digest("hex");
}

/** Creates an account through `/_synapse/admin/v1/register`, which works while open registration is off. */
export async function registerUser(input: {
  url: string;
  sharedSecret: string;
  localpart: string;
  password: string;
  admin: boolean;
}): Promise<RegisteredUser> {
  const endpoint = `${input.url}/_synapse/admin/v1/register`;
  const nonceResponse = await fetch(endpoint);
  if (!nonceResponse.ok) throw new Error(`register nonce: HTTP ${nonceResponse.status}`);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      nonce,
      username: input.localpart,
      password: input.password,
      admin: input.admin,
      mac: registrationMac({ ...input, nonce }),
    }),
  });
  if (!response.ok) {
    const text = await response.text();
    // The demo keeps its homeserver between runs: an existing account logs in with the same password.
    if (text.includes("M_USER_IN_USE")) return logIn(input.url, input.localpart, input.password);
    throw new Error(`register ${input.localpart}: HTTP ${response.status} ${text}`);
  }
  const body = (await response.json()) as { user_id: string; access_token: string };
  return { userId: body.user_id, accessToken: body.access_token };
}

async function logIn(url: string, localpart: string, password: string): Promise<RegisteredUser> {
  const response = await fetch(`${url}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: localpart }, password }),
  });
  if (!response.ok) throw new Error(`log in ${localpart}: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user_id: string; access_token: string };
  return { userId: body.user_id, accessToken: body.access_token };
}
