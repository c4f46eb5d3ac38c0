import { useSignOut } from "../../hooks/auth";
import type { Me } from "../../lib/api";
import { describeError } from "../Status/ErrorBanner";

/** Who is signed in, with which role, and the way out. */
export function UserMenu({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const signOut = useSignOut(onSignedOut);
  return (
    <div className="user-menu">
      <p>
        <span className="visually-hidden">Signed in as </span>
        <strong>{me.username}</strong> <span className="role">{me.role}</span>
      </p>
      <button
        type="button"
        className="button secondary"
        onClick={() => signOut.isPending || signOut.mutate()}
        aria-disabled={signOut.isPending}
      >
        Sign out
      </button>
      {signOut.error && (
        <p className="field-message" role="alert">
          Could not sign out: {describeError(signOut.error).title}
        </p>
      )}
    </div>
  );
}
