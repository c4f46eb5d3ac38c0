import { ApiError } from "../../lib/api";

/** What went wrong, in words a person can act on, and a way to try again (or, with another
 * action, to dismiss it). */
export function ErrorBanner({
  error,
  onRetry,
  action = "Retry",
  actionClass = "button",
}: {
  error: Error;
  onRetry: () => void;
  action?: string;
  actionClass?: string;
}) {
  const { title, detail } = describeError(error);
  return (
    <div className="banner error" role="alert">
      <div>
        <strong>{title}</strong>
        {detail && <p>{detail}</p>}
      </div>
      <button type="button" className={actionClass} onClick={onRetry}>
        {action}
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
