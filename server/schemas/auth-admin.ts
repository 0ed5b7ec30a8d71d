import { Type } from "typebox";
import { PERMISSIONS } from "../auth/permissions.js";
import { AccountAnswer, RoleName } from "./auth.js";
import { errors, Id, IdParams } from "./common.js";
import { TAGS } from "./openapi.js";

/** Users, roles and API tokens (issue #11): what an admin manages, and each account's own tokens. */
const UserAnswer = Type.Object(
  { ...AccountAnswer.properties, active: Type.Boolean(), allParks: Type.Boolean() },
  { additionalProperties: true },
);

const Login = Type.String({ pattern: "^[A-Za-z0-9._@-]{1,64}$" });
const Password = Type.String({ minLength: 10, maxLength: 200 });

export const listUsersSchema = {
  tags: [TAGS.auth],
  summary: "Every account with its roles and parks",
  response: { 200: Type.Array(UserAnswer), ...errors(401, 403) },
};

export const createUserSchema = {
  tags: [TAGS.auth],
  summary: "Create an account; without a password one is generated and answered once",
  body: Type.Object(
    {
      login: Login,
      name: Type.String({ minLength: 1, maxLength: 100 }),
      roles: Type.Array(RoleName, { uniqueItems: true }),
      parkIds: Type.Optional(Type.Array(Id, { uniqueItems: true })),
      allParks: Type.Optional(Type.Boolean()),
      password: Type.Optional(Password),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ user: UserAnswer, password: Type.Union([Type.String(), Type.Null()]) }),
    ...errors(400, 401, 403, 409),
  },
};

export const updateUserSchema = {
  tags: [TAGS.auth],
  summary: "Change an account's name, roles, parks or active flag (deactivating ends its sessions)",
  params: IdParams,
  body: Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true })),
      parkIds: Type.Optional(Type.Array(Id, { uniqueItems: true })),
      allParks: Type.Optional(Type.Boolean()),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  response: { 200: UserAnswer, ...errors(400, 401, 403, 404) },
};

export const resetPasswordSchema = {
  tags: [TAGS.auth],
  summary: "Reset an account's password: a generated one, answered once; its sessions end",
  params: IdParams,
  response: { 200: Type.Object({ password: Type.String() }), ...errors(401, 403, 404) },
};

const RoleAnswer = Type.Object({
  role: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  permissions: Type.Array(Type.String()),
});

export const listRolesSchema = {
  tags: [TAGS.auth],
  summary: "The roles and the permissions each holds (the matrix, as data)",
  response: {
    200: Type.Object({ roles: Type.Array(RoleAnswer), permissions: Type.Array(Type.String()) }),
    ...errors(401),
  },
};

export const putRoleSchema = {
  tags: [TAGS.auth],
  summary: "Set the permissions a role holds",
  params: Type.Object({ role: RoleName }),
  body: Type.Object(
    { permissions: Type.Array(Type.Enum([...PERMISSIONS]), { uniqueItems: true }) },
    { additionalProperties: false },
  ),
  response: { 200: RoleAnswer, ...errors(400, 401, 403, 404) },
};

const TokenAnswer = Type.Object({ id: Type.Integer(), label: Type.String(), createdAt: Type.String() });

export const listTokensSchema = {
  tags: [TAGS.auth],
  summary: "The own API tokens (never their secret)",
  response: { 200: Type.Array(TokenAnswer), ...errors(401) },
};

export const createTokenSchema = {
  tags: [TAGS.auth],
  summary: "A new API token of the own account (`Authorization: Bearer …`); the secret is answered once",
  body: Type.Object(
    { label: Type.String({ minLength: 1, maxLength: 100 }) },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ ...TokenAnswer.properties, token: Type.String() }),
    ...errors(400, 401, 403),
  },
};

export const revokeTokenSchema = {
  tags: [TAGS.auth],
  summary: "Revoke one of the own API tokens",
  params: IdParams,
  response: { 200: Type.Object({ revoked: Type.Boolean() }), ...errors(401, 403, 404) },
};
