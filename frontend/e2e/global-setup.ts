/**
 * Starts the real server for the browser tests: a temporary SQLite database and store, the real
 * GEN21, GEN22 and GEN23 files and EIA's plant locations ingested with `gridlens ingest` (so trends have
 * three years and the map has its dots), an admin (GRIDLENS_ADMIN_USER, made by the server) and a
 * viewer (`gridlens users add`), then `gridlens serve` on a free port serving frontend/dist; its embedded
 * ingestion worker runs what the Upload page queues. A real OpenID provider (oidc-provider-mock, from the
 * project's dev dependencies) runs beside it for single sign-on (sso.spec.ts).
 * Without ../shared/data/egrid/ or ../shared/data/eia/power_plants_202311.csv the tests skip, except
 * under CI=true where they must run.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FRONTEND = fileURLToPath(new URL("..", import.meta.url));
const ROOT = resolve(FRONTEND, "..");
// Relative to the repository root; oldest first, so each run finds the earlier years loaded.
export const EGRID_FILES = [
  "../shared/data/egrid/gen21_bom_excel_formatted.csv",
  "../shared/data/egrid/gen22_excel_formatted.csv",
  "../shared/data/egrid/gen23.csv",
];
export const LOCATIONS = "../shared/data/eia/power_plants_202311.csv";
const READY_TIMEOUT_MS = 60_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const absent = [...EGRID_FILES, LOCATIONS].map((file) => resolve(ROOT, file)).filter((file) => !existsSync(file));
  if (absent.length > 0) {
    const reason = `the shared data is absent (${absent.join(", ")})`;
    if (process.env.CI === "true") throw new Error(`CI=true but ${reason}`);
    process.env.GRIDLENS_E2E_SKIP = reason;
    return async () => undefined;
  }
  const gridlens = join(ROOT, ".venv", "bin", "gridlens");
  if (!existsSync(gridlens)) throw new Error(`${gridlens} is missing: install the project first (uv sync)`);
  const dist = join(FRONTEND, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("frontend/dist is missing: run `npm run build` first");

  const tmp = mkdtempSync(join(tmpdir(), "gridlens-e2e-"));
  const providerPort = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  // Throwaway users: the tests sign in through the UI (sign-in.setup.ts, auth.spec.ts).
  const user = "e2e-admin";
  const password = randomBytes(18).toString("base64url");
  const viewer = "e2e-viewer";
  const viewerPassword = randomBytes(18).toString("base64url");
  const env = {
    ...process.env,
    GRIDLENS_DATABASE_URL: `sqlite:///${join(tmp, "e2e.db")}`,
    GRIDLENS_STORE_URL: join(tmp, "store"),
    GRIDLENS_WEB_DIST: dist,
    GRIDLENS_LOG_FORMAT: "json",
    GRIDLENS_ADMIN_USER: user,
    GRIDLENS_ADMIN_PASSWORD: password,
    // Every test signs in once or twice; keep a rerun within a minute clear of the throttle.
    GRIDLENS_LOGIN_ATTEMPTS_PER_MINUTE: "60",
    GRIDLENS_OIDC_ISSUER: issuer,
    GRIDLENS_OIDC_CLIENT_ID: "gridlens-e2e",
    GRIDLENS_OIDC_CLIENT_SECRET: randomBytes(18).toString("base64url"),
    GRIDLENS_OIDC_PROVIDER_NAME: "Test ID",
    GRIDLENS_OIDC_ALLOWED_DOMAINS: '["example.com"]',
  };

  for (const file of [...EGRID_FILES, LOCATIONS]) {
    const ingest = spawnSync(gridlens, ["ingest", file], { cwd: ROOT, env, encoding: "utf8" });
    if (ingest.status !== 0) {
      throw new Error(`gridlens ingest ${file} failed (${ingest.status}):\n${ingest.stdout}\n${ingest.stderr}`);
    }
  }

  const added = spawnSync(gridlens, ["users", "add", viewer, "--role", "viewer", "--password-stdin"], {
    cwd: ROOT,
    env,
    input: `${viewerPassword}\n`,
    encoding: "utf8",
  });
  if (added.status !== 0) throw new Error(`gridlens users add ${viewer} failed:\n${added.stdout}\n${added.stderr}`);

  const providerLog = join(tmp, "oidc-provider.log");
  const provider = spawn(
    join(ROOT, ".venv", "bin", "python"),
    ["-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", String(providerPort), "--require-nonce"],
    { cwd: ROOT, stdio: ["ignore", openSync(providerLog, "a"), openSync(providerLog, "a")] },
  );
  try {
    await waitUntilReady(`${issuer}/.well-known/openid-configuration`, provider, providerLog);
  } catch (error) {
    await stop(provider);
    throw error;
  }
  const port = await freePort();
  const logPath = join(tmp, "serve.log");
  const log = openSync(logPath, "a");
  const server = spawn(gridlens, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${url}/readyz`, server, logPath);
  } catch (error) {
    await stop(server);
    await stop(provider);
    throw error;
  }
  process.env.GRIDLENS_E2E_URL = url;
  process.env.GRIDLENS_E2E_USER = user;
  process.env.GRIDLENS_E2E_PASSWORD = password;
  process.env.GRIDLENS_E2E_VIEWER = viewer;
  process.env.GRIDLENS_E2E_VIEWER_PASSWORD = viewerPassword;

  return async () => {
    await stop(server);
    await stop(provider);
    // GRIDLENS_E2E_KEEP=1 keeps the database, store and serve.log for a look after a failure.
    if (process.env.GRIDLENS_E2E_KEEP) console.log(`kept ${tmp} (serve.log there)`);
    else rmSync(tmp, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(
        `the server for ${url} exited (${server.exitCode}):\n${readFileSync(logPath, "utf8").slice(-4000)}`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `gridlens serve was not ready at ${url} within ${READY_TIMEOUT_MS / 1000}s:\n${readFileSync(logPath, "utf8").slice(-4000)}`,
  );
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
