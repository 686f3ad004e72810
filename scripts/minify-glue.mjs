// Minifies the wasm-bindgen glue of a release bundle in place (Trunk minifies HTML and
// CSS only): about 1.5 KiB brotli less. Its file name stays; its subresource-integrity
// hash in index.html is replaced by the new one, or the browser would refuse it.
//
//   node scripts/minify-glue.mjs <bundle folder>
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/minify-glue.mjs <bundle folder>');
  process.exit(2);
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
  const path = join(dir, name);
  const before = readFileSync(path);
  const { code } = transformSync(before.toString('utf8'), { minify: true, format: 'esm', target: 'es2022' });
  const after = Buffer.from(code, 'utf8');
  const old = sri(before);
  if (!index.includes(old)) {
    console.error(`minify-glue: ${name}: its integrity hash is not in index.html; left as it is`);
    continue;
  }
  writeFileSync(path, after);
  index = index.split(old).join(sri(after));
  console.error(`minify-glue: ${name}: ${before.length} → ${after.length} bytes`);
}
writeFileSync(indexPath, index);
