import { ApiError } from "../../lib/api";

/** What went wrong, in words a person can act on, and a way to try again. */
export function ErrorBanner({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { title, detail } = describeError(error);
  return (
    <div className="banner error" role="alert">
      <div>
        <strong>{title}</strong>
        {detail && <p>{detail}</p>}
      </div>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function describeError(error: Error): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    return { title: error.problem.title, detail: error.problem.detail ?? null };
  }
  return {
    title: "Could not reach the gridlens server",
    detail: "Check that `gridlens serve` is running, then retry.",
  };
}
