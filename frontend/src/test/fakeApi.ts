/** A stand-in for the gridlens API in component tests: routes by path, records each request. */
import { vi } from "vitest";
import type { Ingestion, Me, PlantDetail, PlantMap, StateTotals, TopPlant, TopPlants, Years } from "../lib/api";

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
  location: null,
  ...p,
});

export const TX_TOP: TopPlants = {
  year: 2023,
  state: "TX",
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
      net_generation_mwh: p.net_generation_mwh,
      city: p.location?.city ?? null,
      county: p.location?.county ?? null,
    },
  }));
  return {
    type: "FeatureCollection",
    year: top.year,
    state: top.state,
    located: features.filter((f) => f.geometry).length,
    features,
  };
}

export const ADMIN: Me = { username: "ada", role: "admin", via: "session" };
export const VIEWER: Me = { username: "vic", role: "viewer", via: "session" };

export const standardRoutes = (overrides: Record<string, Route> = {}): Record<string, Route> => ({
  "/api/v1/auth/me": () => ok(ADMIN),
  "/api/v1/years": () => ok(YEARS),
  "/api/v1/states": () => ok(STATES),
  "/api/v1/plants/top": (url) => topFor(url, { "": US_TOP, TX: TX_TOP }),
  "/api/v1/plants/map": (url) => ok(mapOf(url.searchParams.get("state") === "TX" ? TX_TOP : US_TOP)),
  "/api/v1/plants/{plant_id}": () => ok(PALO_VERDE),
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
    duration_s: null,
    worker: null,
    created_at: "2026-11-29T00:30:00Z",
    started_at: null,
    finished_at: null,
    ...fields,
  };
}
