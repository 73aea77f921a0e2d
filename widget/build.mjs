// Builds what src/rejoinder/static holds, into OUTDIR (check-bundle.sh builds into a temporary one
// and compares):
// - widget/i18n/LANG.json, the catalogue of each language but English, from src/i18n/LANG.json,
//   checked against English first (check-catalogues.mjs: the build fails on a missing or extra
//   key, a placeholder or a plural form that does not match);
// - widget/panels.js, the panels that the reader's own buttons open (the notification list, "My
//   comments", "forget me"), an ES module bundled from src/panels/index.ts, which embed.js imports
//   the first time one opens;
// - embed.js, the widget, bundled by esbuild from src/, with the content hashes of the catalogues
//   and of panels.js in it (their URLs carry them: ?v=HASH, so browsers may keep them for a year);
//   count.js, which fills comment-count links on a section front (src/count.ts), likewise;
// - the API reference page (/api/v1/docs): api-docs/ from this folder, and Swagger UI's bundle and
//   stylesheet copied unchanged from the swagger-ui-dist package (pinned in package-lock.json),
//   with its licence files;
// - admin/htmx.min.js and its licence, copied unchanged from the htmx.org package (pinned), for the
//   moderator workspace (the workspace's own admin.js and admin.css sit beside them, written by
//   hand like its templates, and are not built here);
// - next to every large file, a gzip (.gz, level 9, no name, mtime 0) and a brotli (.br, quality
//   11) copy, which the server sends to browsers that accept them (src/rejoinder/http/assets.py).
// Same inputs and the same Node and esbuild versions => the same bytes.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { checkedCatalogues } from "./check-catalogues.mjs";

const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node build.mjs OUTDIR");
  process.exit(2);
}
for (const folder of ["admin", "widget/i18n"]) mkdirSync(join(outdir, folder), { recursive: true });

const bundle = async (entry, format = "iife", define = {}) => {
  const built = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format,
    target: "es2020",
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "warning",
    define,
  });
  return built.outputFiles[0].contents;
};
// What the server compares ?v= with: the start of the file's SHA-256, as in its ETag (assets.py).
const version = (contents) => createHash("sha256").update(contents).digest("hex").slice(0, 12);

let catalogues;
try {
  catalogues = await checkedCatalogues();
} catch (error) {
  console.error(`build: ${error.message}`);
  process.exit(1);
}
const translations = Object.entries(catalogues).map(([language, catalogue]) =>
  [`widget/i18n/${language}.json`, Buffer.from(JSON.stringify(catalogue)), true]);
const panels = await bundle("src/panels/index.ts", "esm");
const versions = Object.fromEntries(translations.map(([name, contents]) => [/(\w+)\.json$/.exec(name)[1], version(contents)]));
const widget = await bundle("src/main.ts", "iife", {
  CATALOGUES: JSON.stringify(versions),
  PANELS: JSON.stringify(version(panels)),
});

const swagger = "node_modules/swagger-ui-dist/";
const files = [
  // [name in static/, contents, precompressed?]
  ["embed.js", widget, true],
  ["count.js", await bundle("src/count.ts"), true],
  ["widget/panels.js", panels, true],
  ...translations,
  ["api-docs.html", readFileSync("api-docs/index.html"), false],
  ["api-docs.js", readFileSync("api-docs/api-docs.js"), false],
  ["swagger-ui-bundle.js", readFileSync(swagger + "swagger-ui-bundle.js"), true],
  ["swagger-ui.css", readFileSync(swagger + "swagger-ui.css"), true],
  ["swagger-ui-bundle.js.LICENSE.txt", readFileSync(swagger + "swagger-ui-bundle.js.LICENSE.txt"), false],
  ["swagger-ui.LICENSE", readFileSync(swagger + "LICENSE"), false],
  ["swagger-ui.NOTICE", readFileSync(swagger + "NOTICE"), false],
  ["admin/htmx.min.js", readFileSync("node_modules/htmx.org/dist/htmx.min.js"), false],
  ["admin/htmx.LICENSE", readFileSync("node_modules/htmx.org/LICENSE"), false],
];

for (const [name, contents, compress] of files) {
  writeFileSync(join(outdir, name), contents);
  if (!compress) continue;
  // gzip's header then has no file name and mtime 0: nothing in it depends on when it was built.
  writeFileSync(join(outdir, `${name}.gz`), gzipSync(contents, { level: 9 }));
  const brotli = {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: contents.length,
  };
  writeFileSync(join(outdir, `${name}.br`), brotliCompressSync(contents, { params: brotli }));
}
