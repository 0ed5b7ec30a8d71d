import { createHmac, timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import type { OidcConfig } from "../config.js";
import { isRole, type Role } from "./account.js";

/**
 * 政务统一身份认证 (issue #11): sign-in through the government's OpenID Connect provider, authorization code
 * flow with PKCE, state and nonce. What the callback needs of the start (state, nonce, code verifier) travels in
 * a signed cookie of ten minutes, not in process memory: several app servers answer the same users.
 */
export const OIDC_COOKIE = "bjhtz_oidc";
export const OIDC_COOKIE_PATH = "/api/auth/oidc";
export const OIDC_STATE_MINUTES = 10;

export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds after which the callback refuses it. */
  expiresAt: number;
}

function signature(body: string, settings: OidcConfig): string {
  return createHmac("sha256", `bjhtz-oidc-state\u0000${settings.clientId}\u0000${settings.clientSecret}`)
    .update(body)
    .digest("base64url");
}

export function sealPending(pending: OidcPending, settings: OidcConfig): string {
  const body = Buffer.from(JSON.stringify(pending)).toString("base64url");
  return `${body}.${signature(body, settings)}`;
}

/** The pending sign-in of the cookie, or undefined when it is missing, forged or older than ten minutes. */
export function openPending(cookie: string | undefined, settings: OidcConfig): OidcPending | undefined {
  const [body, mac] = (cookie ?? "").split(".");
  if (!body || !mac) return undefined;
  const expected = Buffer.from(signature(body, settings));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const pending = JSON.parse(Buffer.from(body, "base64url").toString()) as OidcPending;
  return pending.expiresAt > Date.now() ? pending : undefined;
}

/** Plain-HTTP providers are accepted only on the loopback interface (a test stub, a local development IdP). */
function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** The provider's metadata (discovery), fetched once per process: configuration, not sign-in state. */
export function oidcClient(settings: OidcConfig) {
  let discovered: Promise<oidc.Configuration> | undefined;
  function configuration(): Promise<oidc.Configuration> {
    if (!discovered) {
      const issuer = new URL(settings.issuer);
      const insecure = issuer.protocol === "http:" && isLoopback(issuer);
      discovered = oidc
        .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
          execute: insecure ? [oidc.allowInsecureRequests] : [],
        })
        .then((found) => {
          // Check the ID token's signature against the provider's JWKS too, not only TLS.
          oidc.enableNonRepudiationChecks(found);
          return found;
        });
      discovered.catch(() => {
        discovered = undefined;
      });
    }
    return discovered;
  }

  async function start(): Promise<{ url: string; pending: OidcPending }> {
    const found = await configuration();
    const pending: OidcPending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      expiresAt: Date.now() + OIDC_STATE_MINUTES * 60_000,
    };
    const url = oidc.buildAuthorizationUrl(found, {
      redirect_uri: settings.redirectUrl,
      scope: "openid profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code; the ID token's issuer, audience, expiry, nonce and signature are checked. */
  async function finish(query: string, pending: OidcPending) {
    const found = await configuration();
    const current = new URL(settings.redirectUrl);
    current.search = query;
    const tokens = await oidc.authorizationCodeGrant(found, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("the provider answered no ID token");
    return claims;
  }

  return { start, finish };
}
export type OidcClient = ReturnType<typeof oidcClient>;

/** The platform roles of the provider's role claim through OIDC_ROLE_MAP, or the names that map to none. */
export function mappedRoles(
  claim: unknown,
  roleMap: Record<string, string>,
): { ok: true; roles: Role[] } | { ok: false; unknown: string[] } {
  const names = (Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(/[\s,]+/) : [])
    .map(String)
    .filter(Boolean);
  const unknown = names.filter((name) => !isRole(roleMap[name]));
  if (names.length === 0) return { ok: false, unknown: [] };
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, roles: [...new Set(names.map((name) => roleMap[name] as Role))].sort() };
}

/** Park ids of the optional park claim (numbers, or numeric strings). */
export function claimedParkIds(claim: unknown): number[] {
  const values = Array.isArray(claim) ? claim : claim === undefined ? [] : [claim];
  return values.map(Number).filter((id) => Number.isInteger(id) && id > 0);
}
