import { ApiError } from "../errors.js";

/** 401: the request carries no valid session or token. */
export const notSignedIn = () =>
  new ApiError(401, "not-signed-in", "Sign in first (POST /api/auth/login), or send an API token.");

/** 403 naming the permission the account lacks. */
export const missingPermission = (permission: string) =>
  new ApiError(403, "missing-permission", `Your account lacks the permission "${permission}".`, {
    permission,
  });

/** 403 for a write outside the account's parks, naming the park. */
export const outOfScope = (park: { id: number; name: string }, parkIds: number[]) =>
  new ApiError(
    403,
    "out-of-scope",
    `Park ${park.id} (${park.name}) is outside your account's scope (parks ${parkIds.join(", ") || "none"}).`,
    { parkId: park.id, parkName: park.name, allowedParkIds: parkIds },
  );

export const csrfRefused = () =>
  new ApiError(
    403,
    "csrf-token-missing",
    "A write with a session cookie needs the x-csrf-token header of this session (GET /api/auth/me gives it).",
  );
