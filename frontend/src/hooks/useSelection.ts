/** The selection lives in the URL, so reload, sharing and back/forward all restore the same view. */
import { useCallback, useMemo, useRef, useSyncExternalStore } from "react";
import { notifyLocationChanged, subscribeToLocation } from "../lib/navigation";
import { parseSelection, selectionToSearch, type Selection } from "../lib/selection";

const currentSearch = () => window.location.search;

export interface Navigate {
  /**
   * "push" makes a history entry; "typing" also pushes, but folds quick successive edits of the
   * same control into one entry, so Back skips the keystrokes.
   */
  mode?: "push" | "replace" | "typing";
  key?: string;
}

const TYPING_WINDOW_MS = 1500;

export function useSelection(): [Selection, (patch: Partial<Selection>, how?: Navigate) => void] {
  const search = useSyncExternalStore(subscribeToLocation, currentSearch, () => "");
  const selection = useMemo(() => parseSelection(search), [search]);
  const lastTyping = useRef<{ key: string; at: number } | null>(null);

  const update = useCallback((patch: Partial<Selection>, how: Navigate = {}) => {
    const next = { ...parseSelection(window.location.search), ...patch };
    const nextSearch = selectionToSearch(next);
    if (nextSearch === window.location.search) return;
    const url = `${window.location.pathname}${nextSearch}${window.location.hash}`;
    const now = Date.now();
    const mode = how.mode ?? "push";
    const last = lastTyping.current;
    const folds =
      mode === "replace" ||
      (mode === "typing" && last !== null && last.key === how.key && now - last.at < TYPING_WINDOW_MS);
    if (folds) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    lastTyping.current = mode === "typing" ? { key: how.key ?? "", at: now } : null;
    notifyLocationChanged();
  }, []);

  return [selection, update];
}
