/** The plant map of a scope (GET /plants/map): one call of the generated client. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type PlantMap } from "../lib/api";

export function usePlantMap(params: { state: string | null; year: number | null; limit: number }) {
  const { state, year, limit } = params;
  return useQuery({
    queryKey: ["plants", "map", { state, year, limit }],
    // openapi-fetch widens the schema's [lon, lat] tuple to number[]; the API always sends two.
    queryFn: async ({ signal }): Promise<PlantMap> =>
      unwrap(
        await api.GET("/api/v1/plants/map", {
          params: { query: { limit, ...(state ? { state } : {}), ...(year === null ? {} : { year }) } },
          signal,
        }),
      ) as PlantMap,
    placeholderData: keepPreviousData,
  });
}
