import { Type } from "typebox";
import { ROLES } from "../auth/account.js";
import { errors, Id } from "./common.js";
import { TAGS } from "./openapi.js";

export const RoleName = Type.Enum([...ROLES]);

export const AccountAnswer = Type.Object(
  {
    id: Type.Integer(),
    login: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleName),
    parkIds: Type.Array(Id),
  },
  { additionalProperties: true },
);

export const SessionAnswer = Type.Object({
  account: AccountAnswer,
  permissions: Type.Array(Type.String()),
  /** The value to send as `x-csrf-token` with every write (null when signed in with an API token). */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const loginSchema = {
  tags: [TAGS.auth],
  summary: "Sign in with a login and password: sets the session cookie, answers the CSRF token",
  body: LoginBody,
  response: { 200: SessionAnswer, ...errors(400, 401, 429) },
};

export const logoutSchema = {
  tags: [TAGS.auth],
  summary: "Sign out: ends the session",
  response: { 200: Type.Object({ signedOut: Type.Boolean() }), ...errors(401, 403) },
};

export const meSchema = {
  tags: [TAGS.auth],
  summary: "The signed-in account, its permissions and the session's CSRF token",
  response: { 200: SessionAnswer, ...errors(401) },
};

export const changePasswordSchema = {
  tags: [TAGS.auth],
  summary: "Change the own password (ends the account's other sessions)",
  body: Type.Object(
    {
      currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
      newPassword: Type.String({ minLength: 10, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ changed: Type.Boolean() }), ...errors(400, 401, 403) },
};

export const signInOptionsSchema = {
  tags: [TAGS.auth],
  summary: "How one may sign in: the password form, and 政务统一身份认证 (OIDC) when configured",
  response: {
    200: Type.Object({ password: Type.Boolean(), oidc: Type.Boolean(), oidcStartUrl: Type.String() }),
  },
};

export const oidcStartSchema = {
  tags: [TAGS.auth],
  summary: "Government single sign-on: redirects (302) to the OIDC provider with PKCE, state and nonce",
  response: { 302: Type.Null({ description: "Redirect to the provider's authorization endpoint" }) },
};

export const oidcCallbackSchema = {
  tags: [TAGS.auth],
  summary: "Government single sign-on callback: checks the ID token, opens the session, redirects (302) to /",
  querystring: Type.Object(
    {
      code: Type.Optional(Type.String({ maxLength: 2000 })),
      state: Type.Optional(Type.String({ maxLength: 500 })),
      error: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: true },
  ),
  response: {
    302: Type.Null({ description: "Redirect to the web app, signed in" }),
    ...errors(400, 401, 403),
  },
};
