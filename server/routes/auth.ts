import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import type { Account } from "../auth/account.js";
import { CSRF_COOKIE, SESSION_COOKIE } from "../auth/enforce.js";
import { loginRateLimit } from "../auth/hardening.js";
import { notSignedIn } from "../auth/problems.js";
import { hashPassword, passwordMatches, randomSecret, secretHash } from "../auth/secrets.js";
import { ApiError, badRequest } from "../errors.js";
import {
  changePasswordSchema,
  loginSchema,
  logoutSchema,
  meSchema,
  signInOptionsSchema,
} from "../schemas/auth.js";
import { auditActorOf } from "./audit-request.js";

/** Sign-in, sign-out, who am I, own password (issue #11). Sessions live in the database, not in memory. */
export const authRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores, config }) => {
  const accounts = stores.accounts;

  const rateLimit = loginRateLimit(config);
  app.post(
    "/auth/login",
    { schema: loginSchema, config: { public: true, rateLimit } },
    async (request, reply) => {
      const { login, password } = request.body;
      const found = await accounts.credentials(login);
      const loaded =
        found && (await passwordMatches(found.passwordHash, password)) && (await accounts.load(found.id));
      if (!loaded) {
        // 审计: a failed sign-in is kept too, under the login that was tried.
        await stores.audit.audited(
          { ...auditActorOf(request), actorName: login },
          { action: "auth.login-failed", entity: "account", entityId: found?.id ?? null },
          async () => ({ value: undefined, after: { login } }),
        );
        throw new ApiError(401, "invalid-credentials", "The login or the password is wrong.");
      }
      const session = randomSecret();
      const csrfToken = randomSecret();
      const expiresAt = new Date(Date.now() + config.sessionHours * 3_600_000);
      const actor = { ...auditActorOf(request), ...accountActor(loaded.account) };
      await stores.audit.audited(
        actor,
        { action: "auth.login", entity: "account", entityId: loaded.account.id },
        async (trx) => {
          await accounts.createSession(loaded.account.id, secretHash(session), csrfToken, expiresAt, trx);
          return { value: undefined, after: { expiresAt: expiresAt.toISOString() } };
        },
      );
      setSessionCookies(request, reply, session, csrfToken, expiresAt);
      return { account: loaded.account, permissions: loaded.permissions.sort(), csrfToken };
    },
  );

  app.post(
    "/auth/logout",
    { schema: logoutSchema, config: { permission: "account.self" } },
    async (request, reply) => {
      const idHash = request.auth?.sessionIdHash;
      await stores.audit.audited(
        auditActorOf(request),
        { action: "auth.logout", entity: "account", entityId: request.account?.id ?? null },
        async (trx) => {
          if (idHash) await accounts.endSession(idHash, trx);
          return { value: undefined, after: { sessionEnded: Boolean(idHash) } };
        },
      );
      reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
      return { signedOut: true };
    },
  );

  app.get("/auth/options", { schema: signInOptionsSchema, config: { public: true } }, async () => ({
    password: true,
    oidc: Boolean(config.oidc),
    oidcStartUrl: "/api/auth/oidc/start",
  }));

  app.get("/auth/me", { schema: meSchema }, async (request) => {
    const auth = request.auth;
    if (!auth) throw notSignedIn();
    return {
      account: auth.account,
      permissions: [...auth.permissions].sort(),
      csrfToken: auth.csrfToken ?? null,
    };
  });

  app.post(
    "/auth/password",
    { schema: changePasswordSchema, config: { permission: "account.self" } },
    async (request) => {
      const account = request.account;
      if (!account) throw notSignedIn();
      const { currentPassword, newPassword } = request.body;
      if (!(await passwordMatches(await accounts.passwordHash(account.id), currentPassword))) {
        throw new ApiError(403, "wrong-password", "The current password is wrong.");
      }
      if (newPassword === currentPassword) {
        throw badRequest("same-password", "The new password is the current one.", { field: "newPassword" });
      }
      const hash = await hashPassword(newPassword);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "auth.password", entity: "account", entityId: account.id },
        async (trx) => {
          await accounts.setPassword(account.id, hash, trx);
          await accounts.endSessionsOf(account.id, request.auth?.sessionIdHash, trx);
          return { value: undefined, after: { passwordChanged: true } };
        },
      );
      return { changed: true };
    },
  );
};

/** HttpOnly SameSite=Lax session cookie (Secure over HTTPS); the CSRF cookie is readable by the page. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: string,
  csrfToken: string,
  expiresAt: Date,
) {
  const secure = request.protocol === "https";
  const common = { path: "/", sameSite: "lax" as const, secure, expires: expiresAt };
  reply.setCookie(SESSION_COOKIE, session, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

/** The audit actor of an account that is signing in (the request carries no account yet). */
export function accountActor(account: Account) {
  return { accountId: String(account.id), actorName: account.name, roles: account.roles };
}
