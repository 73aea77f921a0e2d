// Builds what src/rejoinder/static holds, into OUTDIR (check-bundle.sh builds into a temporary one
// and compares):
// - embed.js, the widget, bundled by esbuild from src/; count.js, which fills comment-count links
//   on a section front (src/count.ts), likewise;
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
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node build.mjs OUTDIR");
  process.exit(2);
}
mkdirSync(join(outdir, "admin"), { recursive: true });

const bundle = async (entry) => {
  const built = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "warning",
  });
  return built.outputFiles[0].contents;
};

const swagger = "node_modules/swagger-ui-dist/";
const files = [
  // [name in static/, contents, precompressed?]
  ["embed.js", await bundle("src/main.ts"), true],
  ["count.js", await bundle("src/count.ts"), true],
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
