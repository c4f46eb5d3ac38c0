/** The one API client: generated types (src/client) + openapi-fetch, with one place to attach a token. */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "../client/schema";

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

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

let accessToken: string | null = null;

/** Sign-in (a later issue) calls this; every request then carries the bearer token. */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set("Authorization", `Bearer ${accessToken}`);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // Looked up per call, so tests can stub globalThis.fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(auth);

function toProblem(error: unknown, response: Response): Problem {
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
    throw new ApiError(toProblem(result.error, result.response));
  }
  return result.data;
}
