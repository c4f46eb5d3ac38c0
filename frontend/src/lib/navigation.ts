/** Moving between in-app URLs without a router: history.pushState plus one event the hooks listen to. */

const NAVIGATE = "gridlens:navigate";

export function subscribeToLocation(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

/** Goes to an in-app URL ("/upload?run=3"); "replace" changes the current history entry instead. */
export function navigate(url: string, how: { replace?: boolean } = {}): void {
  const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  if (url === current) return;
  if (how.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** Tells the hooks that the URL changed after a direct history.pushState/replaceState. */
export function notifyLocationChanged(): void {
  window.dispatchEvent(new Event(NAVIGATE));
}
