/**
 * The one API client: generated types (src/client) + openapi-fetch. Signing in sets an HttpOnly
 * session cookie (path /api) that the browser sends with each same-origin call; no token lives in JS.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "../client/schema";

type Json<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type TopPlants = Json<"/api/v1/plants/top">;
export type TopPlant = TopPlants["plants"][number];
export type StateTotals = Json<"/api/v1/states">;
export type StateTotal = StateTotals["states"][number];
export type Years = Json<"/api/v1/years">;
export type PlantDetail = Json<"/api/v1/plants/{plant_id}">;
export type Generator = PlantDetail["generators"][number];
export type StateHistory = Json<"/api/v1/states/{code}/history">;
export type StateYear = StateHistory["years"][number];
export type PlantHistory = Json<"/api/v1/plants/{plant_id}/history">;
export type PlantYear = PlantHistory["years"][number];
export type PlantSearch = Json<"/api/v1/plants">;
export type PlantMatch = PlantSearch["plants"][number];
export type Fuels = Json<"/api/v1/fuels">;
export type FuelCategoryCode = Fuels["categories"][number]["category"];
export type PlantMap = Json<"/api/v1/plants/map">;
export type MapFeature = PlantMap["features"][number];
export type Me = Json<"/api/v1/auth/me">;
export type Role = Me["role"];
export type SignInMethods = Json<"/api/v1/auth/providers">;
export type StateCode = NonNullable<NonNullable<paths["/api/v1/plants/top"]["get"]["parameters"]["query"]>["state"]>;
/** A state's code or US for the nation, as the history endpoint takes it. */
export type PlaceCode = paths["/api/v1/states/{code}/history"]["get"]["parameters"]["path"]["code"];
export type Ingestion = components["schemas"]["Ingestion"];
export type RunStatus = components["schemas"]["RunStatus"];
export type ErrorCode = components["schemas"]["ErrorCode"];
export type Finding = components["schemas"]["Finding"];
export type Ingestions = components["schemas"]["Ingestions"];
export type Uploaded = components["schemas"]["Uploaded"];
export type User = components["schemas"]["UserOut"];
export type ApiToken = components["schemas"]["ApiTokenOut"];
export type ApiTokenCreated = components["schemas"]["ApiTokenCreated"];
export type AuditEvent = components["schemas"]["AuditEventOut"];
export type AuditPage = components["schemas"]["AuditPage"];
export type AuditAction = AuditEvent["action"];
/** What the Activity page filters by; each maps to a query parameter of GET /api/v1/audit. */
export interface AuditFilters {
  actor?: string;
  action?: AuditAction;
  target?: string;
  since?: string;
  until?: string;
}

/** RFC 9457 problem details, as every API error is sent. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait before trying again (Retry-After on 429 and 503), when the server said. */
  readonly retryAfterS: number | null;

  constructor(problem: Problem, retryAfterS: number | null = null) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterS = retryAfterS;
  }
}

/** True for the answer "sign in first": no session, or it expired. */
export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // Looked up per call, so tests can stub globalThis.fetch.
  fetch: (request) => globalThis.fetch(request),
});

/** Retry-After in seconds; the HTTP-date form is turned into seconds from now. */
export function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** An ApiError from an error answer's parsed body (problem+json, or whatever the server sent). */
export function apiError(body: unknown, response: { status: number; statusText: string; headers: Headers }): ApiError {
  return new ApiError(toProblem(body, response), retryAfterSeconds(response.headers.get("Retry-After")));
}

function toProblem(error: unknown, response: { status: number; statusText: string }): Problem {
  if (error && typeof error === "object") {
    const body = error as Omit<Partial<Problem>, "detail"> & { detail?: unknown };
    const detail =
      typeof body.detail === "string"
        ? body.detail
        : Array.isArray(body.detail) // FastAPI's own validation errors
          ? (body.detail as { msg?: string }[])
              .map((item) => item.msg)
              .filter(Boolean)
              .join("; ")
          : null;
    return {
      type: body.type,
      title: body.title ?? (response.statusText || `HTTP ${response.status}`),
      status: body.status ?? response.status,
      detail,
    };
  }
  return {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof error === "string" && error ? error : null,
  };
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw apiError(result.error, result.response);
  }
  return result.data;
}

/** For answers without a body (204): nothing, or an ApiError carrying the problem. */
export function expectOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw apiError(result.error, result.response);
}
