/** A stand-in for the gridlens API in component tests: routes by path, records each request. */
import { vi } from "vitest";
import type {
  Fuels,
  Ingestion,
  Me,
  PlantDetail,
  PlantHistory,
  PlantMap,
  PlantSearch,
  StateHistory,
  StateTotals,
  TopPlant,
  TopPlants,
  Years,
} from "../lib/api";

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };
/** Answers one path; `request` carries the method and body for routes that care. */
export type Route = (url: URL, request: Recorded) => Reply | Promise<Reply>;

/** A request as the fake API saw it. */
export interface Recorded {
  method: string;
  url: URL;
  body: string;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const noContent: Reply = { status: 204, body: null };
export const problem = (status: number, title: string, detail: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { type: "about:blank", title, status, detail },
  headers,
});
export const notSignedIn = (): Reply =>
  problem(401, "Not authenticated", "sign in: send 'Authorization: Bearer <token>'", { "WWW-Authenticate": "Bearer" });

export function fakeApi(routes: Record<string, Route>) {
  const requests: URL[] = [];
  const calls: Recorded[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const recorded = { method: input.method, url, body: input.body ? await input.text() : "" };
    requests.push(url);
    calls.push(recorded);
    const route = routes[url.pathname] ?? Object.entries(routes).find(([p]) => matches(p, url.pathname))?.[1];
    const reply = route ? await route(url, recorded) : problem(404, "Not Found", `no fake route for ${url.pathname}`);
    const type = reply.status < 400 ? "application/json" : "application/problem+json";
    const body = reply.status === 204 ? null : JSON.stringify(reply.body);
    return new Response(body, { status: reply.status, headers: { "Content-Type": type, ...reply.headers } });
  });
  vi.stubGlobal("fetch", fetch);
  return {
    fetch,
    requests,
    calls,
    topRequests: () => requests.filter((u) => u.pathname === "/api/v1/plants/top"),
    /** The calls to one path, optionally of one method. */
    callsTo: (path: string, method?: string) =>
      calls.filter((c) => c.url.pathname === path && (method === undefined || c.method === method)),
  };
}

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/\{[^}]+\}/g, "[^/]+")}$`);
  return re.test(path);
}

/** Facts from eGRID2023 (gen23.csv). */
export const YEARS: Years = {
  years: [
    {
      year: 2023,
      plants: 12611,
      generators: 26601,
      source: "../shared/data/egrid/gen23.csv",
      sha256: "e8a2894f2ccf89bd5063a855db2defc76218882fb38c26c3e431e1bb09d9d02d",
      loaded_at: "2026-11-29T00:00:14Z",
    },
  ],
  latest: 2023,
};

export const STATES: StateTotals = {
  year: 2023,
  states: [
    { code: "AZ", name: "Arizona", plants: 219, net_generation_mwh: 111_800_000 },
    { code: "CA", name: "California", plants: 1664, net_generation_mwh: 216_080_236 },
    { code: "DC", name: "District of Columbia", plants: 12, net_generation_mwh: 205_000 },
    { code: "TX", name: "Texas", plants: 824, net_generation_mwh: 542_598_584 },
  ],
};

const plant = (p: Partial<TopPlant> & Pick<TopPlant, "rank" | "plant_id" | "name">): TopPlant => ({
  state: "TX",
  net_generation_mwh: 0,
  nameplate_mw: null,
  generators: 1,
  primary_fuel: null,
  share: null,
  previous: null,
  location: null,
  ...p,
});

export const TX_TOP: TopPlants = {
  year: 2023,
  state: "TX",
  fuel: null,
  previous_year: null,
  total_net_generation_mwh: 542_598_584,
  plants: [
    plant({
      rank: 1,
      plant_id: 6251,
      name: "South Texas Project",
      net_generation_mwh: 21_787_144,
      nameplate_mw: 2708.6,
      generators: 2,
      primary_fuel: "NUC",
      share: 0.040153337,
      location: { lat: 28.795, lon: -96.0481, city: "Wadsworth", county: "Matagorda" },
    }),
    plant({
      rank: 2,
      plant_id: 6145,
      name: "Comanche Peak",
      net_generation_mwh: 18_892_726,
      nameplate_mw: 2430,
      generators: 2,
      primary_fuel: "NUC",
      share: 0.034818974,
      location: { lat: 32.298365, lon: -97.785515, city: "Glen Rose", county: "Somervell" },
    }),
    plant({
      rank: 3,
      plant_id: 6180,
      name: "Oak Grove",
      net_generation_mwh: 12_011_783,
      nameplate_mw: 1795.4,
      generators: 2,
      primary_fuel: "LIG",
      share: 0.022137513,
    }),
  ],
};

export const US_TOP: TopPlants = {
  year: 2023,
  state: null,
  fuel: null,
  previous_year: null,
  total_net_generation_mwh: 4_188_971_343,
  plants: [
    plant({
      rank: 1,
      plant_id: 6008,
      name: "Palo Verde",
      state: "AZ",
      net_generation_mwh: 31_522_590,
      nameplate_mw: 4209.6,
      generators: 3,
      primary_fuel: "NUC",
      share: 0.0075251,
      location: { lat: 33.3881, lon: -112.8617, city: "Wintersburg", county: "Maricopa" },
    }),
    plant({
      rank: 2,
      plant_id: 46,
      name: "Browns Ferry",
      state: "AL",
      net_generation_mwh: 30_820_510,
      nameplate_mw: 3854,
      generators: 3,
      primary_fuel: "NUC",
      share: 0.0073575,
      location: { lat: 34.7042, lon: -87.1189, city: "Decatur", county: "Limestone" },
    }),
  ],
};

export const PALO_VERDE: PlantDetail = {
  year: 2023,
  plant_id: 6008,
  name: "Palo Verde",
  state: "AZ",
  net_generation_mwh: 31_522_590,
  nameplate_mw: 4209.6,
  generator_count: 3,
  primary_fuel: "NUC",
  location: { lat: 33.3881, lon: -112.8617, city: "Wintersburg", county: "Maricopa" },
  generators: [1, 2, 3].map((unit) => ({
    generator_id: String(unit),
    status: "OP",
    prime_mover: "ST",
    fuel: "NUC",
    nameplate_mw: 1403.2,
    capacity_factor: 0.855,
    net_generation_mwh: 10_507_530,
    ozone_net_generation_mwh: 4_400_000,
    year_online: unit === 3 ? 1988 : 1986,
    year_retired: null,
    boilers: null,
    line: 100 + unit,
  })),
};

/** The top-N answer for a request, cut to n like the real API. */
export function topFor(url: URL, tops: Record<string, TopPlants>): Reply {
  const state = url.searchParams.get("state") ?? "";
  const n = Number(url.searchParams.get("n") ?? 10);
  const top = tops[state];
  if (!top) return problem(422, "Invalid request", `Unknown state '${state}'.`);
  return ok({ ...top, plants: top.plants.slice(0, n) });
}

/** The plant map of a top-N answer, as GET /api/v1/plants/map shapes it. */
export function mapOf(top: TopPlants): PlantMap {
  const features = top.plants.map((p) => ({
    type: "Feature" as const,
    id: p.plant_id,
    geometry: p.location
      ? { type: "Point" as const, coordinates: [p.location.lon, p.location.lat] as [number, number] }
      : null,
    properties: {
      rank: p.rank,
      plant_id: p.plant_id,
      name: p.name,
      state: p.state,
      fuel: p.primary_fuel,
      fuel_category: p.fuel_category ?? null,
      net_generation_mwh: p.net_generation_mwh,
      city: p.location?.city ?? null,
      county: p.location?.county ?? null,
    },
  }));
  return {
    type: "FeatureCollection",
    year: top.year,
    state: top.state,
    fuel: top.fuel ?? null,
    located: features.filter((f) => f.geometry).length,
    features,
  };
}

export const ADMIN: Me = { username: "ada", role: "admin", via: "session" };
export const VIEWER: Me = { username: "vic", role: "viewer", via: "session" };

export const standardRoutes = (overrides: Record<string, Route> = {}): Record<string, Route> => ({
  "/api/v1/auth/me": () => ok(ADMIN),
  "/api/v1/auth/providers": () => ok({ password: true, oidc: null }),
  "/api/v1/years": () => ok(YEARS),
  "/api/v1/states": () => ok(STATES),
  "/api/v1/plants/top": (url) => topFor(url, { "": US_TOP, TX: TX_TOP }),
  "/api/v1/plants/map": (url) => ok(mapOf(url.searchParams.get("state") === "TX" ? TX_TOP : US_TOP)),
  "/api/v1/plants/{plant_id}": () => ok(PALO_VERDE),
  "/api/v1/plants/{plant_id}/history": () => ok(PALO_VERDE_HISTORY),
  "/api/v1/states/{code}/history": (url) => historyFor(url),
  "/api/v1/fuels": () => ok(FUELS),
  "/api/v1/plants": (url) => searchFor(url),
  ...overrides,
});

/** A run record as GET /api/v1/ingestions/{id} returns it; fields not given are a fresh queued run. */
export function run(fields: Partial<Ingestion> & Pick<Ingestion, "id">): Ingestion {
  return {
    source: "uploads/2026/11/29/0123456789abcdef0123456789abcdef-gen19.csv",
    status: "queued",
    sha256: null,
    size_bytes: null,
    year: null,
    force: false,
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rows_skipped: 0,
    warnings_count: 0,
    rejects: [],
    warnings: [],
    notes: [],
    error: null,
    error_code: null,
    duration_s: null,
    worker: null,
    created_at: "2026-11-29T00:30:00Z",
    started_at: null,
    finished_at: null,
    ...fields,
  };
}

/** The server's fuel table (GET /api/v1/fuels), cut to the codes these tests use. */
export const FUELS: Fuels = {
  categories: [
    { category: "coal", label: "Coal" },
    { category: "oil", label: "Oil" },
    { category: "gas", label: "Natural gas" },
    { category: "other_fossil", label: "Other fossil gases" },
    { category: "nuclear", label: "Nuclear" },
    { category: "hydro", label: "Hydro" },
    { category: "wind", label: "Wind" },
    { category: "solar", label: "Solar" },
    { category: "geothermal", label: "Geothermal" },
    { category: "biomass", label: "Biomass and waste" },
    { category: "storage", label: "Battery storage" },
    { category: "other", label: "Other" },
  ],
  codes: [
    { code: "LIG", label: "Coal (lignite)", category: "coal" },
    { code: "SUB", label: "Coal (subbituminous)", category: "coal" },
    { code: "NG", label: "Natural gas", category: "gas" },
    { code: "OG", label: "Other gas", category: "other_fossil" },
    { code: "NUC", label: "Nuclear", category: "nuclear" },
    { code: "SUN", label: "Solar", category: "solar" },
    { code: "WND", label: "Wind", category: "wind" },
    { code: "MWH", label: "Battery storage", category: "storage" },
  ],
};

/** Three loaded years, as GET /api/v1/years answers with GEN21-GEN23 ingested. */
export const THREE_YEARS: Years = {
  years: [2021, 2022, 2023].map((year, index) => ({
    ...YEARS.years[0]!,
    year,
    plants: [11394, 11973, 12611][index]!,
  })),
  latest: 2023,
};

/** TX across GEN21-GEN23: totals and plant counts from the files; the split by fuel is made up to add up. */
export const TX_HISTORY: StateHistory = {
  state: "TX",
  fuel: null,
  years: [
    {
      year: 2021,
      plants: 684,
      net_generation_mwh: 481_398_471,
      by_fuel: [
        { fuel: "gas", plants: 300, net_generation_mwh: 250_000_000 },
        { fuel: "coal", plants: 20, net_generation_mwh: 100_000_000 },
        { fuel: "wind", plants: 200, net_generation_mwh: 131_398_471 },
      ],
    },
    {
      year: 2022,
      plants: 754,
      net_generation_mwh: 521_881_122,
      by_fuel: [
        { fuel: "gas", plants: 310, net_generation_mwh: 270_000_000 },
        { fuel: "coal", plants: 19, net_generation_mwh: 100_000_000 },
        { fuel: "wind", plants: 220, net_generation_mwh: 152_881_122 },
      ],
    },
    {
      year: 2023,
      plants: 824,
      net_generation_mwh: 542_598_584.008,
      by_fuel: [
        { fuel: "gas", plants: 320, net_generation_mwh: 280_000_000 },
        { fuel: "coal", plants: 18, net_generation_mwh: 90_000_000 },
        { fuel: "wind", plants: 240, net_generation_mwh: 172_600_000 },
        { fuel: "storage", plants: 60, net_generation_mwh: -1_415.992 },
      ],
    },
  ],
};

/** The state's history in one year only (what the API says with one year loaded). */
export const US_ONE_YEAR: StateHistory = {
  state: "US",
  fuel: null,
  years: [
    {
      year: 2023,
      plants: 12611,
      net_generation_mwh: 4_188_971_343.358,
      by_fuel: [{ fuel: "gas", plants: 2000, net_generation_mwh: 4_188_971_343.358 }],
    },
  ],
};

function historyFor(url: URL): Reply {
  const code = decodeURIComponent(url.pathname.split("/")[4] ?? "").toUpperCase();
  const fuel = url.searchParams.get("fuel");
  const found = code === "TX" ? TX_HISTORY : code === "US" ? US_ONE_YEAR : undefined;
  if (!found) return problem(404, "Not Found", `no fake history for ${code}`);
  if (!fuel) return ok(found);
  return ok({
    ...found,
    fuel,
    years: found.years.map((year) => {
      const only = year.by_fuel.filter((f) => f.fuel === fuel);
      return {
        ...year,
        plants: only.reduce((sum, f) => sum + f.plants, 0),
        net_generation_mwh: only.reduce((sum, f) => sum + f.net_generation_mwh, 0),
        by_fuel: only,
      };
    }),
  });
}

/** Palo Verde (6008) in GEN21-GEN23: first in AZ and the nation each year. */
export const PALO_VERDE_HISTORY: PlantHistory = {
  plant_id: 6008,
  name: "Palo Verde",
  years: [
    [2021, 31_629_861],
    [2022, 31_942_794],
    [2023, 31_522_590],
  ].map(([year, mwh]) => ({
    year: year!,
    name: "Palo Verde",
    state: "AZ",
    net_generation_mwh: mwh!,
    nameplate_mw: 4209.6,
    primary_fuel: "NUC",
    fuel_category: "nuclear" as const,
    rank_in_state: 1,
    rank_in_nation: 1,
  })),
};

const SEARCHABLE: PlantSearch["plants"] = [
  {
    plant_id: 6008,
    name: "Palo Verde",
    state: "AZ",
    net_generation_mwh: 31_522_590,
    location: { lat: 33.3881, lon: -112.8617, city: "Wintersburg", county: "Maricopa" },
  },
  { plant_id: 55_000, name: "Palo Alto Solar", state: "CA", net_generation_mwh: 12_000, location: null },
  { plant_id: 56_000, name: "El Paloma", state: "TX", net_generation_mwh: 9_000, location: null },
];

/** Name contains q (any case) or ID equals it, largest first, like the real search. */
function searchFor(url: URL): Reply {
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  if (q.length < 2) return problem(422, "Invalid request", "q: at least 2 characters");
  const limit = Number(url.searchParams.get("limit") ?? 20);
  const plants = SEARCHABLE.filter((p) => p.name.toLowerCase().includes(q) || String(p.plant_id) === q);
  return ok({ year: Number(url.searchParams.get("year") ?? 2023), plants: plants.slice(0, limit) });
}
