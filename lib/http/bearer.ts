import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header value is `Bearer <token>`. Hashing both sides gives equal lengths, which
 * timingSafeEqual needs, without leaking the token's length.
 */
export function isBearer(authorization: string | null | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}

/** Whether the request carries `Authorization: Bearer <token>`. */
export function hasBearer(request: Request, token: string): boolean {
  return isBearer(request.headers.get("authorization"), token);
}
