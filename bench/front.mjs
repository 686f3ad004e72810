// The benchmark's front server for one app: its static build compressed as the
// production recipe compresses it (deploy/nginx: a file's `.br`/`.gz` made at build time
// when the bundle has one, as brotli_static and gzip_static send them; else brotli and
// gzip at level 6, on the fly), with the
// SPA fallback, and every /api and /__dev request passed to that app's development API.
// The development API's own `--static` serves files uncompressed, which on a 10 Mbit/s
// profile would cost ours and the React page three to four times their real transfer
// time; `bench.mjs --direct` measures that way all the same.
import http from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};
// nginx's gzip_types/brotli_types in the recipe (plus html, which nginx always gzips).
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.svg']);

// Precompressed copies are served in place of their file, never as files of their own.
const PRECOMPRESSED = /\.(br|gz)$/;

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (!e.name.startsWith('.') && !PRECOMPRESSED.test(e.name)) out.push(p);
  }
  return out;
}

const readIfThere = (p) => (existsSync(p) ? readFileSync(p) : undefined);

/** Starts the front on 127.0.0.1:`port`; resolves to the server. */
export function startFront({ dir, port, apiPort }) {
  const table = new Map();
  for (const p of files(dir)) {
    const raw = readFileSync(p);
    const ext = extname(p);
    const entry = { type: TYPES[ext] ?? 'application/octet-stream', raw };
    if (COMPRESSED.has(ext) && raw.length >= 256) {
      entry.gzip = readIfThere(`${p}.gz`) ?? gzipSync(raw, { level: 6 });
      entry.br = readIfThere(`${p}.br`) ?? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    }
    table.set('/' + relative(dir, p).split('\\').join('/'), entry);
  }
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(req.url.split('?')[0]);
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/__dev/')) {
      const up = http.request({ host: '127.0.0.1', port: apiPort, method: req.method, path: req.url, headers: req.headers, agent }, (ur) => {
        res.writeHead(ur.statusCode, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => { res.destroy(); });
      req.pipe(up);
      return;
    }
    const entry = table.get(path) ?? table.get('/index.html');
    const accept = String(req.headers['accept-encoding'] ?? '');
    const headers = { 'Content-Type': entry.type, 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' };
    let body = entry.raw;
    if (entry.br && /\bbr\b/.test(accept)) { body = entry.br; headers['Content-Encoding'] = 'br'; }
    else if (entry.gzip && /\bgzip\b/.test(accept)) { body = entry.gzip; headers['Content-Encoding'] = 'gzip'; }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
