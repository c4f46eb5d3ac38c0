import { ErrorBanner } from "../Status/ErrorBanner";

/** Why a change was refused (the API's problem detail), until the next attempt. */
export function MutationError({ error, onDismiss }: { error: Error | null; onDismiss: () => void }) {
  if (!error) return null;
  return <ErrorBanner error={error} onRetry={onDismiss} action="Dismiss" actionClass="button secondary" />;
}
