import { type ReactNode, useEffect, useState } from "react";
import { fetchSession, type SessionInfo } from "../api/auth.js";
import { initialLocale, MessagesContext, messagesFor } from "../i18n/i18n-context.js";
import { AccessContext } from "./access-context.js";
import { LoginPage } from "./login-page.js";

type GateState =
  | { status: "checking" }
  | { status: "signed-out" }
  | { status: "signed-in"; session: SessionInfo };

/** Shows the workspace to a signed-in account, the sign-in page otherwise (every read needs an account). */
export function AuthGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ status: "checking" });
  useEffect(() => {
    void fetchSession().then((result) =>
      setState(result.ok ? { status: "signed-in", session: result.value } : { status: "signed-out" }),
    );
  }, []);
  if (state.status === "signed-in") {
    return <AccessContext.Provider value={state.session}>{children}</AccessContext.Provider>;
  }
  // Before sign-in the workspace (and its language switch) is not there: the language chosen last time.
  const messages = messagesFor(initialLocale(globalThis.localStorage));
  return (
    <MessagesContext.Provider value={messages}>
      {state.status === "signed-out" ? (
        <LoginPage onSignedIn={(session) => setState({ status: "signed-in", session })} />
      ) : (
        <LoadingScreen text={messages.auth.loading.session} />
      )}
    </MessagesContext.Provider>
  );
}

/** The workspace's chunk loading after sign-in (main.tsx's Suspense), in the language chosen last time. */
export function WorkspaceLoading() {
  return <LoadingScreen text={messagesFor(initialLocale(globalThis.localStorage)).auth.loading.workspace} />;
}

/** A full-page, announced loading state (role=status) instead of a blank page. */
function LoadingScreen({ text }: { text: string }) {
  return (
    <div className="loading-screen" role="status" aria-live="polite" data-testid="loading-screen">
      <span className="loading-spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}
