import { createContext, useContext } from "react";
import { permissionToChange } from "../../server/auth/route-permissions.js";
import type { BlockStatus } from "../../server/domain/block.js";
import type { SessionInfo } from "../api/auth.js";
import { useMessages } from "../i18n/i18n-context.js";

/** Permissions a district holds only in its parks (server/auth/permissions.ts SCOPED_PERMISSIONS). */
const SCOPED = new Set(["blocks.edit", "blocks.submit", "imports.create", "indicators.edit"]);

export const AccessContext = createContext<SessionInfo | null>(null);

/** The signed-in account (null before sign-in). */
export function useSession(): SessionInfo | null {
  return useContext(AccessContext);
}

/**
 * Why the signed-in account may not do something, in the user's language, or null when it may: a missing
 * permission, or a park outside a district's scope. The server decides; this only hides what it would refuse.
 */
export function useDenial(): (
  permission: string,
  park?: { id: number; name: string },
  status?: BlockStatus,
) => string | null {
  const session = useSession();
  const text = useMessages().auth;
  return (permission, park, status) => {
    if (!session?.permissions.includes(permission)) {
      return text.denied.permission(text.permissions[permission] ?? permission);
    }
    if (park && SCOPED.has(permission) && !session.account.parkIds.includes(park.id)) {
      return text.denied.scope(park.name);
    }
    // A block past 意向纳入 / 已申报 needs the management side's permission too (server/auth/route-permissions.ts).
    if (status && !session.permissions.includes(permissionToChange(status, "edit")))
      return text.denied.inForce;
    return null;
  };
}
