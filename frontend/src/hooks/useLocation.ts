/** The current path and query string, re-rendering on navigation (see lib/navigation). */
import { useMemo, useSyncExternalStore } from "react";
import { subscribeToLocation } from "../lib/navigation";

const current = () => `${window.location.pathname}${window.location.search}`;

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribeToLocation, current, () => "/");
  return useMemo(() => {
    const url = new URL(href, "http://gridlens.invalid");
    return { path: url.pathname.replace(/\/+$/, "") || "/", query: url.searchParams };
  }, [href]);
}
