/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API runs separately in development (`gridlens serve`); in production it serves this build.
const API = process.env.GRIDLENS_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": API, "/docs": API, "/openapi.json": API, "/readyz": API } },
  preview: { proxy: { "/api": API } },
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 300 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // Timestamps render in the reader's time zone; the tests read them in UTC.
    env: { TZ: "UTC" },
  },
});
