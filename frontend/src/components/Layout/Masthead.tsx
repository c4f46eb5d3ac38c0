import { useYears } from "../../hooks/queries";
import { useSelection } from "../../hooks/useSelection";
import type { Me, Years } from "../../lib/api";
import { UserMenu } from "../Auth/UserMenu";
import { Link } from "./Link";

export type Page = "plants" | "upload" | "users" | "tokens" | "activity";

/** The header on every signed-in page: what gridlens is, where to go, and who is signed in. */
export function Masthead({ me, page, onSignedOut }: { me: Me; page: Page; onSignedOut: () => void }) {
  const years = useYears().data;
  const [selection] = useSelection();
  const current = (target: Page) => (page === target ? ("page" as const) : undefined);
  return (
    <header className="masthead">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <div>
          <h1>gridlens</h1>
          <p>
            U.S. power plants ranked by annual net generation, from EPA's eGRID
            {sourceYears(page, selection.year, years)}
          </p>
        </div>
      </div>
      <div className="masthead-end">
        <nav aria-label="Main">
          <Link href="/" aria-current={current("plants")}>
            Plants
          </Link>
          {me.role === "admin" && (
            <>
              <Link href="/upload" aria-current={current("upload")}>
                Upload
              </Link>
              <Link href="/users" aria-current={current("users")}>
                Users
              </Link>
              <Link href="/activity" aria-current={current("activity")}>
                Activity
              </Link>
            </>
          )}
          <Link href="/tokens" aria-current={current("tokens")}>
            API tokens
          </Link>
          <a href="/docs">API docs</a>
        </nav>
        <UserMenu me={me} onSignedOut={onSignedOut} />
      </div>
    </header>
  );
}

/** The year on screen (the one chosen, else the latest); off the main view, the loaded range. */
function sourceYears(page: Page, chosen: number | null, years: Years | undefined): string {
  if (!years || years.latest === null) return "";
  if (page === "plants") return ` ${chosen ?? years.latest}`;
  const loaded = years.years.map((y) => y.year).sort((a, b) => a - b);
  return loaded.length > 1 ? ` ${loaded[0]}\u2013${loaded.at(-1)}` : ` ${years.latest}`;
}
