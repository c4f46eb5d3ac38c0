/** The plant map of a scope (GET /plants/map): one call of the generated client. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type PlantMap, type StateCode } from "../lib/api";
import { fuelQuery, yearQuery } from "./queries";

export function usePlantMap(params: { state: string | null; fuel: string | null; year: number | null; limit: number }) {
  const { state, fuel, year, limit } = params;
  return useQuery({
    queryKey: ["plants", "map", { state, fuel, year, limit }],
    // openapi-fetch widens the schema's [lon, lat] tuple to number[]; the API always sends two.
    queryFn: async ({ signal }): Promise<PlantMap> =>
      unwrap(
        await api.GET("/api/v1/plants/map", {
          // As for the table: a state or fuel from the address bar goes as given; the API answers an
          // unknown one with a 422 problem.
          params: {
            query: { limit, ...(state ? { state: state as StateCode } : {}), ...fuelQuery(fuel), ...yearQuery(year) },
          },
          signal,
        }),
      ) as PlantMap,
    placeholderData: keepPreviousData,
  });
}
