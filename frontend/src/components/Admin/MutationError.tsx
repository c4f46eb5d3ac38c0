import { describeError } from "../Status/ErrorBanner";

/** Why a change was refused (the API's problem detail), until the next attempt. */
export function MutationError({ error, onDismiss }: { error: Error | null; onDismiss: () => void }) {
  if (!error) return null;
  const { title, detail } = describeError(error);
  return (
    <div className="banner error" role="alert">
      <div>
        <strong>{title}</strong>
        {detail && <p>{detail}</p>}
      </div>
      <button type="button" className="button secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
