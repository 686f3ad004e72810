// Renders the nginx site for a release build: the Content-Security-Policy gets the hash
// of each inline script Trunk wrote into index.html (computed here, at build time — the
// loader changes with every build, so no fixed hash or nonce would do).
//
//   node scripts/render-nginx.mjs --dist dist --out DIR --upstream URL [--listen 8080]
//        [--server-name _] [--local-state DIR]
//
// Writes DIR/site.conf and DIR/security-headers.conf; with --local-state also
// DIR/nginx.conf, a whole config for a non-system nginx keeping its files there.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, '..', 'deploy', 'nginx');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const need = (k) => {
  if (!args[k]) { console.error(`render-nginx: --${k} is required`); process.exit(2); }
  return args[k];
};
const dist = resolve(need('dist'));
const out = resolve(need('out'));
const upstream = need('upstream');
const listen = args.listen ?? '8080';
const serverName = args['server-name'] ?? '_';

/** The sha256 source expression of every inline <script> in the page. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/.test(m[1])) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const hashes = inlineScriptHashes(html);
const csp = [
  "default-src 'self'",
  // WebAssembly needs 'wasm-unsafe-eval'; no 'unsafe-inline', no 'unsafe-eval'.
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  // The avatar preview shows any https image the administrator types.
  "img-src 'self' https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const upstreamHost = new URL(upstream).host;
const brotliAvailable = existsSync('/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so');
const fill = (text, values) => text.replace(/@([A-Z_]+)@/g, (all, key) => (key in values ? values[key] : all));

mkdirSync(out, { recursive: true });
const headersPath = join(out, 'security-headers.conf');
writeFileSync(headersPath, fill(readFileSync(join(templates, 'security-headers.conf.template'), 'utf8'), { CSP: csp }));
writeFileSync(join(out, 'site.conf'), fill(readFileSync(join(templates, 'site.conf.template'), 'utf8'), {
  LISTEN: listen,
  SERVER_NAME: serverName,
  ROOT: dist,
  UPSTREAM: upstream,
  UPSTREAM_HOST: upstreamHost,
  HEADERS: headersPath,
  BROTLI: brotliAvailable
    ? '    brotli on;\n    brotli_comp_level 6;\n    brotli_types text/css application/javascript application/wasm application/json image/svg+xml;\n'
    : '',
}));

if (args['local-state']) {
  const state = resolve(args['local-state']);
  mkdirSync(state, { recursive: true });
  const modules = brotliAvailable
    ? 'load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;\nload_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;'
    : '';
  writeFileSync(join(out, 'nginx.conf'), fill(readFileSync(join(templates, 'local-nginx.conf.template'), 'utf8'), {
    // As root, nginx's workers would otherwise drop to `nobody` and not reach the state dir.
    USER: process.getuid && process.getuid() === 0 ? 'user root;' : '',
    STATE: state,
    LOAD_MODULES: modules,
  }));
}
console.log(`render-nginx: ${hashes.length} inline script hash(es); config in ${out}`);
