/** Server state through TanStack Query; each hook is one API call of the generated client. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type FuelCategoryCode, type PlaceCode, type StateCode } from "../lib/api";

export const yearQuery = (year: number | null) => (year === null ? {} : { year });

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

// The URL's category goes to the API as typed; one it does not know comes back as a 422 naming the valid ones.
export const fuelQuery = (fuel: string | null) => (fuel ? { fuel: fuel as FuelCategoryCode } : {});

export function useTopPlants(params: { state: string | null; fuel: string | null; n: number; year: number | null }) {
  const { state, fuel, n, year } = params;
  return useQuery({
    queryKey: ["plants", "top", { state, fuel, n, year }],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/plants/top", {
          // A state from the address bar goes as given: the API answers an unknown one with a
          // 422 problem, which the page shows.
          params: {
            query: { n, ...(state ? { state: state as StateCode } : {}), ...fuelQuery(fuel), ...yearQuery(year) },
          },
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

/** Every loaded year of a state's (or, with null, the nation's) generation by fuel category. */
export function useStateHistory(state: string | null, fuel: string | null) {
  const code = (state ?? "US") as PlaceCode;
  return useQuery({
    queryKey: ["states", code, "history", fuel],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/states/{code}/history", {
          params: { path: { code }, query: fuelQuery(fuel) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePlantHistory(plantId: number | null) {
  return useQuery({
    queryKey: ["plants", plantId, "history"],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/plants/{plant_id}/history", {
          params: { path: { plant_id: plantId ?? 0 } },
          signal,
        }),
      ),
    enabled: plantId !== null,
  });
}

/** The fuel codes' labels and categories; they change only with a new release, so fetched once. */
export function useFuels() {
  return useQuery({
    queryKey: ["fuels"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/fuels", { signal })),
    staleTime: Infinity,
  });
}

/** The API's minimum length of a search text. */
export const MIN_SEARCH = 2;

export function usePlantSearch(q: string, year: number | null) {
  const text = q.trim();
  return useQuery({
    queryKey: ["plants", "search", text.toLowerCase(), year],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/plants", {
          params: { query: { q: text, limit: 8, ...yearQuery(year) } },
          signal,
        }),
      ),
    enabled: text.length >= MIN_SEARCH,
    placeholderData: keepPreviousData,
  });
}
