// Compares a fresh build (node build.mjs FRESH) with the committed src/rejoinder/static: every file
// byte for byte, except the .gz and .br copies, which must decode to the committed file they sit
// next to (another zlib may compress the same bytes differently; what is served must be the same).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

const [fresh, committed] = process.argv.slice(2);
if (!fresh || !committed) {
  console.error("usage: node check-static.mjs FRESH_DIR COMMITTED_DIR");
  process.exit(2);
}
// Files below a folder, by their path relative to it ("admin/htmx.min.js").
const filesIn = (root) =>
  readdirSync(root, { recursive: true }).filter((name) => statSync(join(root, name)).isFile());
// The workspace's own script and stylesheet are the server's, written by hand like its templates.
const HAND_WRITTEN = new Set(["admin/admin.js", "admin/admin.css"]);
const built = new Set(filesIn(fresh));
const present = new Set(filesIn(committed).filter((name) => !HAND_WRITTEN.has(name)));
const problems = [];
for (const name of present) if (!built.has(name)) problems.push(`${name} is not built from widget/ (remove it)`);
for (const name of built) {
  if (!present.has(name)) {
    problems.push(`${name} is missing`);
    continue;
  }
  const mine = readFileSync(join(committed, name));
  const encoded = /\.(gz|br)$/.exec(name);
  if (!encoded) {
    if (!mine.equals(readFileSync(join(fresh, name)))) problems.push(`${name} is out of date`);
    continue;
  }
  const original = readFileSync(join(committed, name.slice(0, -encoded[0].length)));
  let decoded;
  try {
    decoded = encoded[1] === "gz" ? gunzipSync(mine) : brotliDecompressSync(mine);
  } catch {
    decoded = null;
  }
  if (!decoded || !decoded.equals(original)) problems.push(`${name} does not decode to its file`);
}
for (const problem of problems) console.error(`check-bundle: src/rejoinder/static/${problem}.`);
if (problems.length) {
  console.error("check-bundle: rebuild with 'cd widget && npm ci && npm run build' and commit the result.");
  process.exit(1);
}
