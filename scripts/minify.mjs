// Minifies the text of a release bundle in place, which Trunk leaves as written: the
// wasm-bindgen glue and the stylesheet (esbuild), and index.html's comments, indentation
// and inline start-up script. File names stay; index.html's integrity hashes follow the
// new contents (the CSP hashes the inline script of the page as built:
// scripts/render-nginx.mjs).
//
//   node scripts/minify.mjs <bundle folder>
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/minify.mjs <bundle folder>');
  process.exit(2);
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const options = {
  js: { minify: true, format: 'esm', target: 'es2022' },
  css: { minify: true, loader: 'css' },
};
for (const name of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f))) {
  const path = join(dir, name);
  const before = readFileSync(path);
  const { code } = transformSync(before.toString('utf8'), options[name.split('.').pop()]);
  const after = Buffer.from(code, 'utf8');
  const old = sri(before);
  if (!index.includes(old)) {
    console.error(`minify: ${name}: its integrity hash is not in index.html; left as it is`);
    continue;
  }
  writeFileSync(path, after);
  index = index.split(old).join(sri(after));
  console.error(`minify: ${name}: ${before.length} → ${after.length} bytes`);
}
const before = index.length;
index = index
  .replace(/<!--[\s\S]*?-->/g, '')
  // The start-up script (a classic one: no src, no type), not Trunk's module loader.
  .replace(/<script>([\s\S]*?)<\/script>/g, (_, js) => `<script>${transformSync(js, { minify: true }).code.trim()}</script>`)
  .replace(/^\s+/gm, '');
writeFileSync(indexPath, index);
console.error(`minify: index.html: ${before} → ${index.length} bytes`);
