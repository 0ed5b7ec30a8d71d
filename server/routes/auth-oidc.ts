import { createHash } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { Role } from "../auth/account.js";
import {
  claimedParkIds,
  mappedRoles,
  OIDC_COOKIE,
  OIDC_COOKIE_PATH,
  OIDC_STATE_MINUTES,
  oidcClient,
  openPending,
  sealPending,
} from "../auth/oidc.js";
import { randomSecret, secretHash } from "../auth/secrets.js";
import { ApiError, badRequest } from "../errors.js";
import { oidcCallbackSchema, oidcStartSchema } from "../schemas/auth.js";
import { auditActorOf } from "./audit-request.js";
import { accountActor, setSessionCookies } from "./auth.js";

/** 政务统一身份认证 (issue #11): registered only when OIDC_ISSUER is set (server/config.ts). */
export const oidcRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores, config }) => {
  const settings = config.oidc;
  if (!settings) return;
  const provider = oidcClient(settings);
  const accounts = stores.accounts;

  app.get(
    "/auth/oidc/start",
    { schema: oidcStartSchema, config: { public: true } },
    async (request, reply) => {
      const { url, pending } = await provider.start();
      reply.setCookie(OIDC_COOKIE, sealPending(pending, settings), {
        path: OIDC_COOKIE_PATH,
        httpOnly: true,
        sameSite: "lax",
        secure: request.protocol === "https",
        maxAge: OIDC_STATE_MINUTES * 60,
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    "/auth/oidc/callback",
    { schema: oidcCallbackSchema, config: { public: true } },
    async (request, reply) => {
      reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
      const pending = openPending(request.cookies[OIDC_COOKIE], settings);
      if (!pending || request.query.state !== pending.state) {
        throw badRequest(
          "oidc-state",
          "The sign-in's state is missing, expired or not the one this browser began.",
        );
      }
      const query = request.url.slice(request.url.indexOf("?") + 1);
      const claims = await provider.finish(query, pending).catch((error: Error) => {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
        throw new ApiError(401, "oidc-failed", `The provider's answer was refused: ${error.message}${cause}`);
      });
      const mapped = mappedRoles(claims[settings.roleClaim], settings.roleMap);
      if (!mapped.ok) {
        const names = mapped.unknown.join(", ") || "(none)";
        throw new ApiError(
          403,
          "oidc-role-unknown",
          `The provider's ${settings.roleClaim} claim names no platform role: ${names} (OIDC_ROLE_MAP).`,
          { claim: settings.roleClaim, unknown: mapped.unknown },
        );
      }
      const parkIds = settings.parkClaim
        ? await accounts.existingParkIds(claimedParkIds(claims[settings.parkClaim]))
        : undefined;
      const account = await signInAs(
        claims.sub,
        String(claims.name ?? claims.preferred_username ?? ""),
        mapped.roles,
        parkIds,
      );
      const session = randomSecret();
      const csrfToken = randomSecret();
      const expiresAt = new Date(Date.now() + config.sessionHours * 3_600_000);
      await stores.audit.audited(
        { ...auditActorOf(request), ...accountActor(account) },
        { action: "auth.login", entity: "account", entityId: account.id },
        async (trx) => {
          await accounts.createSession(account.id, secretHash(session), csrfToken, expiresAt, trx);
          return { value: undefined, after: { method: "oidc", expiresAt: expiresAt.toISOString() } };
        },
      );
      setSessionCookies(request, reply, session, csrfToken, expiresAt);
      return reply.redirect("/", 302);
    },
  );

  /** Finds the account of the subject or creates it; its roles (and parks, with OIDC_PARK_CLAIM) follow the provider. */
  async function signInAs(subject: string, name: string, roles: Role[], parkIds: number[] | undefined) {
    const found = await accounts.ofOidcSubject(subject);
    if (found && !found.active) throw new ApiError(403, "account-inactive", "This account is deactivated.");
    let id = found?.id;
    if (id === undefined) {
      const login = `oidc-${createHash("sha256").update(subject).digest("hex").slice(0, 24)}`;
      id = await accounts.create({
        login,
        name: name || login,
        passwordHash: null,
        roles,
        parkIds: parkIds ?? [],
        oidcSubject: subject,
      });
    } else {
      await accounts.update(id, { roles, ...(parkIds ? { parkIds } : {}), ...(name ? { name } : {}) });
    }
    const loaded = await accounts.load(id);
    if (!loaded) throw new ApiError(403, "account-inactive", "This account is deactivated.");
    return loaded.account;
  }
};
