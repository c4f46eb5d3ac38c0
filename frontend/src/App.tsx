import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { SignInPage } from "./components/Auth/SignInPage";
import { Masthead, type Page } from "./components/Layout/Masthead";
import { ErrorBanner } from "./components/Status/ErrorBanner";
import { useMe, useSessionEnd } from "./hooks/auth";
import { useLocation } from "./hooks/useLocation";
import type { Me } from "./lib/api";
import { PlantsPage } from "./pages/PlantsPage";

// Only admins upload: the page is loaded when someone opens it.
const UploadPage = lazy(() => import("./pages/UploadPage").then((module) => ({ default: module.UploadPage })));
// Administration and tokens are visited rarely: loaded when opened, like Upload.
const UsersPage = lazy(() => import("./pages/UsersPage").then((module) => ({ default: module.UsersPage })));
const TokensPage = lazy(() => import("./pages/TokensPage").then((module) => ({ default: module.TokensPage })));
const ActivityPage = lazy(() => import("./pages/ActivityPage").then((module) => ({ default: module.ActivityPage })));

/** Each page's path, and the title the tab shows for it. */
const PAGES: Record<Exclude<Page, "plants">, { path: string; title: string }> = {
  upload: { path: "/upload", title: "Upload" },
  users: { path: "/users", title: "Users" },
  tokens: { path: "/tokens", title: "API tokens" },
  activity: { path: "/activity", title: "Activity" },
};

function pageAt(path: string): Page {
  const found = Object.entries(PAGES).find(([, page]) => page.path === path);
  return found ? (found[0] as Page) : "plants";
}

export const SESSION_ENDED = "Your session ended; sign in again";
export const SIGNED_OUT = "You signed out.";

/** Asks the API who is signed in: the app for them, or the sign-in page at the same URL. */
export function App() {
  const me = useMe();
  const [notice, setNotice] = useState<string | null>(null);
  useSessionEnd(useCallback(() => setNotice(SESSION_ENDED), []));
  const signedOut = useCallback(() => setNotice(SIGNED_OUT), []);

  if (me.isPending) {
    return (
      <div className="app">
        <p className="checking" role="status">
          Loading gridlens…
        </p>
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="app">
        <main className="sign-in">
          <ErrorBanner error={me.error} onRetry={() => void me.refetch()} />
        </main>
      </div>
    );
  }
  if (me.data === null) return <SignInPage notice={notice} />;
  return <SignedIn me={me.data} onSignedOut={signedOut} />;
}

function SignedIn({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const { path } = useLocation();
  const page = pageAt(path);
  const isAdmin = me.role === "admin";

  useEffect(() => {
    if (page !== "plants") document.title = `${PAGES[page].title} · gridlens`;
  }, [page]);

  return (
    <div className="app">
      <a className="skip-link" href={page === "plants" ? "#results" : "#main"}>
        {page === "plants" ? "Skip to results" : "Skip to content"}
      </a>
      <Masthead me={me} page={page} onSignedOut={onSignedOut} />
      {page === "plants" ? (
        <PlantsPage />
      ) : (
        <Suspense
          fallback={
            <main id="main">
              <p role="status">Loading the {PAGES[page].title.toLowerCase()} page…</p>
            </main>
          }
        >
          {page === "upload" && <UploadPage isAdmin={isAdmin} />}
          {page === "users" && <UsersPage isAdmin={isAdmin} me={me.username} />}
          {page === "tokens" && <TokensPage />}
          {page === "activity" && <ActivityPage isAdmin={isAdmin} />}
        </Suspense>
      )}
    </div>
  );
}
