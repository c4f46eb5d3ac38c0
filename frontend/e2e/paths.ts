/** Files the browser tests share; no Playwright import, so the config can read it too. */
import { fileURLToPath } from "node:url";

/** The admin's signed-in browser state, written once by sign-in.setup.ts and reused by the tests. */
export const ADMIN_STATE = fileURLToPath(new URL("../test-results/.auth/admin.json", import.meta.url));
