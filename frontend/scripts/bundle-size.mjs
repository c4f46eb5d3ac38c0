// The JavaScript a first visit loads (entry + modulepreloads in dist/index.html), gzipped; fails over budget.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g)].map(
  (m) => m[1],
);
const gz = (file) => gzipSync(readFileSync(join(dist, file))).length / 1024;

const initialKb = initial.reduce((sum, file) => sum + gz(file), 0);
const lazy = readdirSync(join(dist, "assets"))
  .filter((f) => f.endsWith(".js") && !initial.includes(`assets/${f}`))
  .map((f) => `assets/${f} ${gz(`assets/${f}`).toFixed(1)} kB`);

console.log(`initial JS: ${initialKb.toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB): ${initial.join(", ")}`);
if (lazy.length) console.log(`loaded later: ${lazy.join(", ")}`);
if (initialKb > BUDGET_KB) {
  console.error(`over budget by ${(initialKb - BUDGET_KB).toFixed(1)} kB`);
  process.exit(1);
}
