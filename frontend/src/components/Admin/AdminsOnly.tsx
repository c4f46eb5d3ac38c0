import { Link } from "../Layout/Link";

/** What a viewer sees on an admin page: why not, and the way back. */
export function AdminsOnly({ what }: { what: string }) {
  return (
    <main id="main">
      <section className="panel banner info" aria-labelledby="admins-only">
        <h2 id="admins-only">Only admins can {what}</h2>
        <p>You are signed in as a viewer. An admin can give you the admin role.</p>
        <p>
          <Link href="/">Back to the plants</Link>
        </p>
      </section>
    </main>
  );
}
