import { type ApiResult, getJson, sendJson } from "./request.js";

/** The signed-in account as GET /api/auth/me and POST /api/auth/login answer it (server/schemas/auth.ts). */
export interface SessionInfo {
  account: { id: number; login: string; name: string; roles: string[]; parkIds: number[] };
  permissions: string[];
  csrfToken: string | null;
}

export function fetchSession(): Promise<ApiResult<SessionInfo>> {
  return getJson<SessionInfo>("/api/auth/me");
}

export function signIn(login: string, password: string): Promise<ApiResult<SessionInfo>> {
  return sendJson<SessionInfo>("POST", "/api/auth/login", { login, password });
}

/** How one may sign in (GET /api/auth/options): 政务统一身份认证 when the server has OIDC_ISSUER. */
export interface SignInOptions {
  password: boolean;
  oidc: boolean;
  oidcStartUrl: string;
}

export function fetchSignInOptions(): Promise<ApiResult<SignInOptions>> {
  return getJson<SignInOptions>("/api/auth/options");
}

export function signOut(): Promise<ApiResult<{ signedOut: boolean }>> {
  return sendJson("POST", "/api/auth/logout", {});
}
