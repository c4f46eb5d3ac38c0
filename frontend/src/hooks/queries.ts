/** Server state through TanStack Query; each hook is one API call of the generated client. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type StateCode, unwrap } from "../lib/api";

const yearQuery = (year: number | null) => (year === null ? {} : { year });

export function useYears() {
  return useQuery({
    queryKey: ["years"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/years", { signal })),
  });
}

export function useStates(year: number | null) {
  return useQuery({
    queryKey: ["states", year],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/states", { params: { query: yearQuery(year) }, signal })),
  });
}

export function useTopPlants(params: { state: string | null; n: number; year: number | null }) {
  const { state, n, year } = params;
  return useQuery({
    queryKey: ["plants", "top", { state, n, year }],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/plants/top", {
          // A state from the address bar goes as given: the API answers an unknown one with a
          // 422 problem, which the page shows.
          params: { query: { n, ...(state ? { state: state as StateCode } : {}), ...yearQuery(year) } },
          signal,
        }),
      ),
    // Keep the last table on screen while the next one loads; the table says which result it is.
    placeholderData: keepPreviousData,
  });
}

export function usePlant(plantId: number | null, year: number | null) {
  return useQuery({
    queryKey: ["plants", plantId, year],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/plants/{plant_id}", {
          params: { path: { plant_id: plantId ?? 0 }, query: yearQuery(year) },
          signal,
        }),
      ),
    enabled: plantId !== null,
  });
}
