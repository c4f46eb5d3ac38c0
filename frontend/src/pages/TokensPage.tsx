import { useState, type FormEvent } from "react";
import { CopyButton } from "../components/Admin/CopyButton";
import { MutationError } from "../components/Admin/MutationError";
import { ErrorBanner } from "../components/Status/ErrorBanner";
import { useApiTokens, useCreateToken, useRevokeToken } from "../hooks/admin";
import type { ApiToken, ApiTokenCreated } from "../lib/api";
import { formatWhen } from "../lib/runs";

/** How long a new token lives; never is allowed, but not the default. */
const EXPIRIES = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
  { days: null, label: "never" },
] as const;

/** /tokens: your own API tokens: make one (its secret shown once), see them, revoke them. */
export function TokensPage() {
  const tokens = useApiTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const failed = create.error ?? revoke.error;

  return (
    <main id="main" tabIndex={-1}>
      <section className="panel" aria-labelledby="new-token-title">
        <h2 id="new-token-title" className="panel-title">
          New API token
        </h2>
        <p className="subtitle">For scripts and tools: send it as a bearer token. It acts as you, with your role.</p>
        <NewToken busy={create.isPending} onCreate={(body) => create.mutate(body)} />
        <MutationError
          error={failed}
          onDismiss={() => {
            create.reset();
            revoke.reset();
          }}
        />
        {create.data && <Secret token={create.data} />}
      </section>
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title" className="panel-title">
          Your API tokens
        </h2>
        {tokens.error && <ErrorBanner error={tokens.error} onRetry={() => void tokens.refetch()} />}
        {tokens.data && tokens.data.length === 0 && <p className="empty">You have no API tokens.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="tokens-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((token) => (
                  <TokenRow key={token.id} token={token} onRevoke={() => revoke.mutate(token.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

function state(token: ApiToken, now = Date.now()): string {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && Date.parse(token.expires_at) <= now) return "expired";
  return "active";
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const status = state(token);
  return (
    <tr>
      <th scope="row">{token.name}</th>
      <td>
        <code>{token.prefix}…</code>
      </td>
      <td>{token.created_at ? formatWhen(token.created_at) : ""}</td>
      <td>{token.expires_at ? formatWhen(token.expires_at) : "never"}</td>
      <td>{status}</td>
      <td>
        {status === "active" && (
          <button type="button" className="link-button" aria-label={`Revoke ${token.name}`} onClick={onRevoke}>
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}

function NewToken({
  busy,
  onCreate,
}: {
  busy: boolean;
  onCreate: (body: { name: string; expires_in_days: number | null }) => void;
}) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCreate({ name: name.trim(), expires_in_days: expiry === "never" ? null : Number(expiry) });
    setName("");
  };
  return (
    <form className="controls" onSubmit={submit}>
      <label className="field">
        <span>Name</span>
        <input required maxLength={128} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Expires after</span>
        <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {EXPIRIES.map(({ days, label }) => (
            <option key={label} value={days ?? "never"}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={busy}>
        Create token
      </button>
    </form>
  );
}

/** The secret, this once, with a copy button and a call that works as it stands. */
function Secret({ token }: { token: ApiTokenCreated }) {
  const origin = globalThis.location?.origin ?? "";
  const curl = `curl -H "Authorization: Bearer ${token.token}" "${origin}/api/v1/plants/top?n=5"`;
  return (
    <div className="banner info secret" role="status" aria-label="New token">
      <p>
        Token <strong>{token.name}</strong> created. Copy it now: it is shown this once, never again.
      </p>
      <p>
        <code>{token.token}</code> <CopyButton text={token.token} />
      </p>
      <p>Try it:</p>
      <pre>
        <code>{curl}</code>
      </pre>
      <CopyButton text={curl} label="Copy the curl example" />
    </div>
  );
}
