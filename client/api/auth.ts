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

export function signOut(): Promise<ApiResult<{ signedOut: boolean }>> {
  return sendJson("POST", "/api/auth/logout", {});
}
