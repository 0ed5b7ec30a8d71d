import type { authZhCN } from "./auth.zh-CN.js";

/** English — sign-in, the account in the header, why an action is not offered. Same shape as auth.zh-CN.ts. */
export const authEn: typeof authZhCN = {
  login: {
    title: "Sign in",
    subtitle: "Beijing municipal high-tech zone planning platform",
    login: "Login",
    password: "Password",
    submit: "Sign in",
    busy: "Signing in…",
    failed: "The login or the password is wrong.",
    tooMany: "Too many sign-in attempts: try again in a minute.",
    sso: "Sign in with government SSO",
    or: "or sign in with a login and password",
    demoHint: "The embedded demo's accounts are in the start log and in DATA_DIR/demo-accounts.txt.",
  },
  loading: { session: "Checking the sign-in…", workspace: "Loading the workspace…" },
  header: {
    signedInAs: (name: string, roles: string) => `${name} (${roles})`,
    logout: "Sign out",
  },
  roles: {
    district: "District / sub-park",
    reviewer: "Reviewer",
    lead: "Lead",
    approver: "Approver",
    admin: "Administrator",
    viewer: "Viewer",
  },
  denied: {
    permission: (what: string) => `Your account may not ${what}.`,
    scope: (park: string) => `${park} is outside your account's parks (read-only).`,
    inForce:
      "The block is recognized or ended: changing it is dynamic adjustment (the Measures, part 3), done by the municipal science commission and the Zhongguancun committee.",
  },
  permissions: {
    "blocks.edit": "draw or edit blocks",
    "blocks.submit": "submit applications",
    "imports.create": "import blocks",
    "proposals.edit": "save reduction proposals",
    "proposals.apply": "apply reduction proposals",
    "settings.edit": "change settings",
    "weights.edit": "change weights",
    "evaluations.run": "run evaluations",
    "audit.read": "read the audit trail",
  },
};
