import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { PERMISSIONS } from "../auth/permissions.js";
import { hashPassword, randomPassword, randomSecret, secretHash } from "../auth/secrets.js";
import { ApiError, notFound } from "../errors.js";
import {
  createTokenSchema,
  createUserSchema,
  listRolesSchema,
  listTokensSchema,
  listUsersSchema,
  putRoleSchema,
  resetPasswordSchema,
  revokeTokenSchema,
  updateUserSchema,
} from "../schemas/auth-admin.js";
import { auditActorOf } from "./audit-request.js";
import { parseId } from "./params.js";

/** Users and roles (admin), and each account's own API tokens (issue #11); every change leaves its audit row. */
export const authAdminRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const accounts = stores.accounts;
  const userOrThrow = async (id: number) => {
    const user = (await accounts.list()).find((entry) => entry.id === id);
    if (!user) throw notFound("User", id);
    return user;
  };

  app.get("/users", { schema: listUsersSchema, config: { permission: "users.admin" } }, async () =>
    accounts.list(),
  );

  app.post(
    "/users",
    { schema: createUserSchema, config: { permission: "users.admin" } },
    async (request, reply) => {
      const { login, name, roles, parkIds = [], allParks = false } = request.body;
      if (await accounts.credentials(login)) {
        throw new ApiError(409, "login-taken", `An account with the login "${login}" exists already.`);
      }
      const password = request.body.password ?? randomPassword();
      const passwordHash = await hashPassword(password);
      const id = await stores.audit.audited(
        auditActorOf(request),
        { action: "user.create", entity: "account" },
        async (trx) => {
          const created = await accounts.create({ login, name, passwordHash, roles, parkIds, allParks }, trx);
          return { value: created, entityId: created, after: { login, name, roles, parkIds, allParks } };
        },
      );
      reply.code(201);
      return { user: await userOrThrow(id), password: request.body.password ? null : password };
    },
  );

  app.patch(
    "/users/:id",
    { schema: updateUserSchema, config: { permission: "users.admin" } },
    async (request) => {
      const id = parseId(request.params.id);
      const before = await userOrThrow(id);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "user.update", entity: "account", entityId: id },
        async (trx) => {
          await accounts.update(id, request.body, trx);
          return { value: undefined, before, after: request.body };
        },
      );
      return userOrThrow(id);
    },
  );

  app.post(
    "/users/:id/password",
    { schema: resetPasswordSchema, config: { permission: "users.admin" } },
    async (request) => {
      const id = parseId(request.params.id);
      await userOrThrow(id);
      const password = randomPassword();
      const hash = await hashPassword(password);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "user.reset-password", entity: "account", entityId: id },
        async (trx) => {
          await accounts.setPassword(id, hash, trx);
          await accounts.endSessionsOf(id, undefined, trx);
          return { value: undefined, after: { passwordReset: true } };
        },
      );
      return { password };
    },
  );

  app.get("/roles", { schema: listRolesSchema }, async () => ({
    roles: await accounts.roles(),
    permissions: [...PERMISSIONS],
  }));

  app.put(
    "/roles/:role",
    { schema: putRoleSchema, config: { permission: "roles.admin" } },
    async (request) => {
      const { role } = request.params;
      const before = (await accounts.roles()).find((entry) => entry.role === role);
      if (!before) throw notFound("Role", role);
      const { permissions } = request.body;
      await stores.audit.audited(
        auditActorOf(request),
        { action: "role.update", entity: "role", entityId: role },
        async (trx) => {
          await accounts.setRolePermissions(role, permissions, trx);
          return { value: undefined, before: before.permissions, after: permissions };
        },
      );
      return { ...before, permissions };
    },
  );

  app.get("/tokens", { schema: listTokensSchema }, async (request) =>
    accounts.tokensOf((request.account as { id: number }).id),
  );

  app.post(
    "/tokens",
    { schema: createTokenSchema, config: { permission: "account.self" } },
    async (request, reply) => {
      const accountId = (request.account as { id: number }).id;
      const token = randomSecret();
      const created = await stores.audit.audited(
        auditActorOf(request),
        { action: "token.create", entity: "account", entityId: accountId },
        async (trx) => {
          const row = await accounts.createToken(accountId, request.body.label, secretHash(token), trx);
          return { value: row, after: { tokenId: row.id, label: row.label } };
        },
      );
      reply.code(201);
      return { ...created, token };
    },
  );

  app.delete(
    "/tokens/:id",
    { schema: revokeTokenSchema, config: { permission: "account.self" } },
    async (request) => {
      const accountId = (request.account as { id: number }).id;
      const id = parseId(request.params.id);
      const revoked = await stores.audit.audited(
        auditActorOf(request),
        { action: "token.revoke", entity: "account", entityId: accountId },
        async (trx) => {
          const done = await accounts.revokeToken(accountId, id, trx);
          return { value: done, skip: !done, after: { tokenId: id } };
        },
      );
      if (!revoked) throw notFound("Token", id);
      return { revoked: true };
    },
  );
};
