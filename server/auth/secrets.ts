import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** A random secret for a session, a CSRF token or an API token: 32 bytes, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a session or API token: its SHA-256 (the secret itself is never stored). */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1: OWASP's minimum recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Compared against when the login is unknown, so that an unknown login takes as long as a wrong password.
const UNKNOWN_LOGIN_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$eBMRdfDNFTHcUth1vn+REw$COb8Nf3AQaysd3Zgpwg0r27jmfmVX6eCbNW1c6snzWw";

export async function passwordMatches(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  const matches = await verify(storedHash || UNKNOWN_LOGIN_HASH, password).catch(() => false);
  return Boolean(storedHash) && matches;
}

/** A password the platform accepts: 10 to 200 characters. */
export const PASSWORD_MIN_LENGTH = 10;

/** A readable random password for generated accounts (demo, create-user): 16 characters. */
export function randomPassword(): string {
  return randomBytes(12).toString("base64url");
}
