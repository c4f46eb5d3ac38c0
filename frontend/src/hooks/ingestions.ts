/** Uploads and ingestion runs through TanStack Query: queue a file, poll its run, page the history. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, unwrap } from "../lib/api";
import { isActive } from "../lib/runs";

/** How often a queued or running run is asked for its progress. */
export const POLL_MS = 1000;
/** The history refreshes this often while any run it lists is still going. */
export const HISTORY_POLL_MS = 2000;
export const HISTORY_PAGE = 20;

const RUNS = "ingestions";

export function useIngestion(id: number | null) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: [RUNS, "run", id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/ingestions/{ingestion_id}", { params: { path: { ingestion_id: id ?? 0 } }, signal }),
      ),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (q) =>
      q.state.status === "error" || (q.state.data && !isActive(q.state.data.status)) ? false : POLL_MS,
  });

  // When a run moves on, the history changes; when it loads a year, so does every ranking.
  const status = query.data?.status;
  const seen = useRef<{ id: number | null; status: string | undefined }>({ id, status });
  useEffect(() => {
    const before = seen.current;
    seen.current = { id, status };
    if (status === undefined || (before.id === id && before.status === status)) return;
    void client.invalidateQueries({ queryKey: [RUNS, "list"] });
    // A fast worker may finish before the first look, so any succeeded run seen counts. The data is
    // only marked stale, to be asked for when the plants view opens: the API's read cache may take
    // a second to notice the new data, and an answer fetched now could be the old one.
    if (status === "succeeded") {
      for (const key of ["years", "states", "plants"]) {
        void client.invalidateQueries({ queryKey: [key], refetchType: "none" });
      }
    }
  }, [client, id, status]);

  return query;
}

export function useIngestions(offset: number) {
  return useQuery({
    queryKey: [RUNS, "list", { limit: HISTORY_PAGE, offset }],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/ingestions", { params: { query: { limit: HISTORY_PAGE, offset } }, signal })),
    staleTime: 0,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.ingestions.some((run) => isActive(run.status)) ? HISTORY_POLL_MS : false),
  });
}

/** Queues a stored file; force replaces a year even when the file has many fewer rows. */
export async function queueIngestion(key: string, force = false): Promise<number> {
  const queued = unwrap(await api.POST("/api/v1/ingestions", { body: { key, force } }));
  if (queued.id === null) throw new Error(`The server queued no run for ${key}.`);
  return queued.id;
}

export function useQueueIngestion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, force }: { key: string; force: boolean }) => queueIngestion(key, force),
    onSuccess: () => client.invalidateQueries({ queryKey: [RUNS, "list"] }),
  });
}
