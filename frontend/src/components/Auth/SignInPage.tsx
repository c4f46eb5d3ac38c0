import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { forgetSignedInData, useSignIn, useSignInMethods } from "../../hooks/auth";
import { ApiError } from "../../lib/api";
import { describeError } from "../Status/ErrorBanner";

export const WRONG_CREDENTIALS = "Wrong username or password";

/** "42 seconds", "1 minute", "3 minutes" */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

function signInMessage(error: Error): string {
  if (error instanceof ApiError && error.status === 401) return WRONG_CREDENTIALS;
  if (error instanceof ApiError && error.status === 429) {
    return `Too many sign-in attempts. Wait ${waitText(error.retryAfterS ?? 60)}, then try again.`;
  }
  const { title, detail } = describeError(error);
  return detail ? `${title}: ${detail}` : title;
}

export const SSO_ERROR_COOKIE = "gridlens_sso_error";

/**
 * The reason a single sign-on was refused, which the server leaves in a one-minute cookie (not
 * the URL, where anyone sending a link could write it); read once, then deleted.
 */
function takeSsoError(): string | null {
  const prefix = `${SSO_ERROR_COOKIE}=`;
  const found = document.cookie.split("; ").find((cookie) => cookie.startsWith(prefix));
  if (found === undefined) return null;
  document.cookie = `${SSO_ERROR_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  try {
    return decodeURIComponent(found.slice(prefix.length));
  } catch {
    return null; // not a value the server wrote
  }
}

/**
 * The sign-in form, shown at whatever URL the person opened: once signed in, that same view
 * (query string and all) appears, so no redirect is needed. The session is an HttpOnly cookie.
 */
export function SignInPage({ notice }: { notice: string | null }) {
  const client = useQueryClient();
  const signIn = useSignIn();
  const methods = useSignInMethods().data;
  const [ssoError] = useState(takeSsoError);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [blocked, setBlocked] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);
  const error = signIn.error;
  const wrong = error instanceof ApiError && error.status === 401;

  useEffect(() => {
    document.title = "Sign in · gridlens";
    forgetSignedInData(client);
  }, [client]);

  // After a 429 the button stays off until the wait is over.
  const retryAfterS = error instanceof ApiError && error.status === 429 ? (error.retryAfterS ?? 60) : null;
  useEffect(() => {
    if (retryAfterS === null) return;
    setBlocked(true);
    const timer = window.setTimeout(() => setBlocked(false), retryAfterS * 1000);
    return () => window.clearTimeout(timer);
  }, [error, retryAfterS]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending || blocked) return;
    signIn.mutate(
      { username: username.trim(), password },
      {
        onError: (failure) => {
          if (failure instanceof ApiError && failure.status === 401) {
            setPassword("");
            passwordInput.current?.focus();
          }
        },
      },
    );
  };

  return (
    <div className="app sign-in-page">
      <main className="sign-in">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <p className="brand-name">gridlens</p>
        </div>
        <form className="panel sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title">
          <h1 id="sign-in-title">Sign in</h1>
          {notice && (
            <p className="banner info notice" role="status">
              {notice}
            </p>
          )}
          {ssoError && (
            <p className="field-message" role="alert">
              Single sign-on refused: {ssoError}
            </p>
          )}
          {methods?.oidc && (
            // A plain link: the browser goes to the provider and comes back signed in.
            <a className="button secondary sso" href={methods.oidc.login_url}>
              Sign in with {methods.oidc.name}
            </a>
          )}
          {methods?.password !== false && (
            <>
              <div className="field">
                <label htmlFor="sign-in-username">Username</label>
                <input
                  id="sign-in-username"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  // The page exists to sign in: start where the typing starts.
                  autoFocus
                  value={username}
                  onChange={(event) => setUsername(event.target.value)}
                  aria-invalid={wrong || undefined}
                  aria-describedby={error ? "sign-in-error" : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor="sign-in-password">Password</label>
                <input
                  id="sign-in-password"
                  ref={passwordInput}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  aria-invalid={wrong || undefined}
                  aria-describedby={error ? "sign-in-error" : undefined}
                />
              </div>
              {error && (
                <p id="sign-in-error" className="field-message" role="alert">
                  {signInMessage(error)}
                </p>
              )}
              <button type="submit" className="button" aria-disabled={signIn.isPending || blocked || undefined}>
                Sign in
              </button>
            </>
          )}
        </form>
      </main>
    </div>
  );
}
