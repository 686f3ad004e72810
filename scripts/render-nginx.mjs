// Renders the nginx site for a release build: the Content-Security-Policy gets the hash
// of each inline script Trunk wrote into index.html (computed here, at build time — the
// loader changes with every build, so no fixed hash or nonce would do).
//
//   node scripts/render-nginx.mjs --dist dist --out DIR --upstream URL [--listen 8080]
//        [--server-name _] [--local-state DIR] [--ca-bundle FILE]
//        [--ssl-certificate FILE --ssl-certificate-key FILE]
//
// Writes DIR/site.conf and DIR/security-headers.conf; with --local-state also
// DIR/nginx.conf, a whole config for a non-system nginx keeping its files there.
//
// An https upstream's certificate is verified against --ca-bundle (default: Debian's
// system bundle). When --listen has `ssl`, nginx serves HTTPS itself: the certificate
// and key are then required, and every response carries Strict-Transport-Security.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, '..', 'deploy', 'nginx');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const need = (k, when = '') => {
  if (!args[k]) { console.error(`render-nginx: --${k} is required${when}`); process.exit(2); }
  return args[k];
};
const dist = resolve(need('dist'));
const out = resolve(need('out'));
const upstream = need('upstream');
const listen = args.listen ?? '8080';
const serverName = args['server-name'] ?? '_';
const caBundle = resolve(args['ca-bundle'] ?? '/etc/ssl/certs/ca-certificates.crt');
// HSTS only where this nginx terminates TLS: sent over plain HTTP it is ignored, and a
// site behind a TLS-terminating balancer gets it from that balancer.
const servesHttps = listen.split(/\s+/).includes('ssl');

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

const upstreamUrl = new URL(upstream);
const upstreamHost = upstreamUrl.host;
const brotliAvailable = existsSync('/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so');
// Its static part (the `.br` files the build makes) is a package of its own.
const brotliStaticAvailable = existsSync('/usr/lib/nginx/modules/ngx_http_brotli_static_module.so');
const fill = (text, values) => text.replace(/@([A-Z_]+)@/g, (all, key) => (key in values ? values[key] : all));

const readable = (path, what) => {
  if (!existsSync(path)) { console.error(`render-nginx: ${what} ${path} does not exist`); process.exit(2); }
  return path;
};

// nginx's proxy does not verify an upstream's certificate unless told to: without this a
// forged certificate would receive every administrator's password and token. nginx's
// default depth (1) refuses a chain with an intermediate, the usual shape of a public
// certificate; the name checked (and sent as SNI) is the upstream's host, port left out.
const upstreamTls = upstreamUrl.protocol === 'https:'
  ? [
    'proxy_ssl_verify on;',
    `proxy_ssl_trusted_certificate ${readable(caBundle, 'the CA bundle (--ca-bundle)')};`,
    'proxy_ssl_verify_depth 3;',
    'proxy_ssl_server_name on;',
    `proxy_ssl_name ${upstreamUrl.hostname};`,
  ].join('\n        ')
  : '';

const tls = servesHttps
  ? [
    `ssl_certificate ${readable(resolve(need('ssl-certificate', ' when --listen has ssl')), 'the certificate (--ssl-certificate)')};`,
    `ssl_certificate_key ${readable(resolve(need('ssl-certificate-key', ' when --listen has ssl')), 'the key (--ssl-certificate-key)')};`,
    'ssl_protocols TLSv1.2 TLSv1.3;',
  ].join('\n    ')
  : '';

mkdirSync(out, { recursive: true });
const headersPath = join(out, 'security-headers.conf');
writeFileSync(headersPath, fill(readFileSync(join(templates, 'security-headers.conf.template'), 'utf8'), {
  CSP: csp,
  HSTS: servesHttps ? 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;' : '',
}));
writeFileSync(join(out, 'site.conf'), fill(readFileSync(join(templates, 'site.conf.template'), 'utf8'), {
  LISTEN: listen,
  SERVER_NAME: serverName,
  TLS: tls,
  ROOT: dist,
  UPSTREAM: upstream,
  UPSTREAM_HOST: upstreamHost,
  UPSTREAM_TLS: upstreamTls,
  HEADERS: headersPath,
  BROTLI: brotliAvailable
    ? '    brotli on;\n    brotli_comp_level 6;\n    brotli_types text/css application/javascript application/wasm application/json image/svg+xml;\n'
      + (brotliStaticAvailable ? '    brotli_static on;\n' : '')
    : '',
}));

if (args['local-state']) {
  const state = resolve(args['local-state']);
  mkdirSync(state, { recursive: true });
  const modules = brotliAvailable
    ? 'load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;'
      + (brotliStaticAvailable ? '\nload_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;' : '')
    : '';
  writeFileSync(join(out, 'nginx.conf'), fill(readFileSync(join(templates, 'local-nginx.conf.template'), 'utf8'), {
    // As root, nginx's workers would otherwise drop to `nobody` and not reach the state dir.
    USER: process.getuid && process.getuid() === 0 ? 'user root;' : '',
    STATE: state,
    LOAD_MODULES: modules,
  }));
}
console.log(`render-nginx: ${hashes.length} inline script hash(es); config in ${out}`);
