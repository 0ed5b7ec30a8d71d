import { type FormEvent, useEffect, useState } from "react";
import { fetchSignInOptions, type SessionInfo, type SignInOptions, signIn } from "../api/auth.js";
import { useMessages } from "../i18n/i18n-context.js";

/** 登录 — the sign-in form (Chinese first); the session cookie is set by the answer. */
export function LoginPage({ onSignedIn }: { onSignedIn(session: SessionInfo): void }) {
  const text = useMessages().auth.login;
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [options, setOptions] = useState<SignInOptions | null>(null);

  useEffect(() => {
    fetchSignInOptions().then((result) => result.ok && setOptions(result.value));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await signIn(login.trim(), password);
    setBusy(false);
    if (result.ok) return onSignedIn(result.value);
    setProblem(result.problem.status === 429 ? text.tooMany : text.failed);
  }

  return (
    <main className="login-page" data-testid="login-page">
      <form className="login-form" onSubmit={submit}>
        <h1>{text.title}</h1>
        <p className="muted">{text.subtitle}</p>
        {options?.oidc && (
          <>
            {/* A full-page navigation: the provider's sign-in page, then back to / with the session cookie. */}
            <a className="login-sso" data-testid="login-sso" href={options.oidcStartUrl}>
              {text.sso}
            </a>
            <p className="small muted">{text.or}</p>
          </>
        )}
        <label>
          {text.login}
          <input
            data-testid="login-name"
            autoComplete="username"
            value={login}
            onChange={(event) => setLogin(event.target.value)}
            required
          />
        </label>
        <label>
          {text.password}
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {problem && (
          <p className="problem" role="alert" data-testid="login-problem">
            {problem}
          </p>
        )}
        <button type="submit" data-testid="login-submit" disabled={busy}>
          {busy ? text.busy : text.submit}
        </button>
        <p className="small muted">{text.demoHint}</p>
      </form>
    </main>
  );
}
