// Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) next to each content-hashed
// asset of a release bundle (the wasm, its glue, the CSS, the icon), for nginx's
// brotli_static and gzip_static (deploy/nginx): served as built, at the highest quality,
// instead of compressed at level 6 on every request; the wasm alone is ~26 KiB smaller
// on the wire. index.html and config.json are left to on-the-fly compression: they are
// small, and an operator may edit config.json after the build.
//
//   node scripts/precompress.mjs <bundle folder>
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs <bundle folder>');
  process.exit(2);
}
// The names deploy/nginx caches for a year (Trunk's content hash in the name).
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$/;
for (const name of readdirSync(dir).filter((f) => HASHED.test(f))) {
  const raw = readFileSync(join(dir, name));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(raw, { level: 9 }));
}
