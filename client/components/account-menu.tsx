import { signOut } from "../api/auth.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useSession } from "./access-context.js";

/** The signed-in account's name and roles in the header, and sign-out. */
export function AccountMenu() {
  const session = useSession();
  const text = useMessages().auth;
  if (!session) return null;
  const roles = session.account.roles.map((role) => text.roles[role] ?? role).join("、");
  return (
    <div className="account-menu">
      <span data-testid="account-name" title={session.account.login}>
        {text.header.signedInAs(session.account.name, roles)}
      </span>
      <button
        type="button"
        data-testid="logout"
        onClick={() => void signOut().then(() => globalThis.location.reload())}
      >
        {text.header.logout}
      </button>
    </div>
  );
}
