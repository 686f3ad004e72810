// Helpers for tests that render a site of their own with scripts/render-nginx.mjs and run
// it in a private nginx, next to the stack that playwright.hardened.config.ts starts.
import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** A directory removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'user-admin-tls-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** A self-signed certificate (its own CA) for `names`, made with openssl. */
export function selfSigned(dir: string, label: string, names: string[]): { cert: string; key: string } {
  const cert = join(dir, `${label}.crt`);
  const key = join(dir, `${label}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '1', '-subj', `/CN=${names[0]}`,
    '-addext', `subjectAltName=${names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}`,
    '-keyout', key, '-out', cert,
  ], { stdio: 'pipe' });
  return { cert, key };
}

async function listening(port: number, deadline: number): Promise<void> {
  for (;;) {
    const up = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Renders a site for a minimal build (an index.html alone) with `renderArgs` added to
 * --dist/--out/--local-state/--listen/--upstream, runs it in a private nginx on a free
 * port and returns that port. `listenFlags` go after the address (`ssl`).
 */
export async function startSite(dir: string, opts: { upstream: string; listenFlags?: string; renderArgs?: string[] }) {
  const dist = mkdtempSync(join(dir, 'dist-'));
  writeFileSync(join(dist, 'index.html'), '<!DOCTYPE html><title>User Admin</title>\n');
  const state = mkdtempSync(join(dir, 'nginx-'));
  const port = await freePort();
  execFileSync('node', [
    join(root, 'scripts', 'render-nginx.mjs'), '--dist', dist, '--out', state, '--local-state', state,
    '--upstream', opts.upstream, '--listen', `127.0.0.1:${port}${opts.listenFlags ? ` ${opts.listenFlags}` : ''}`,
    ...(opts.renderArgs ?? []),
  ], { stdio: 'pipe' });
  const nginx = spawn('nginx', ['-p', state, '-c', join(state, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<void>((done) => nginx.on('exit', () => done()));
  // Once the start is decided, a later exit (stop()) is no failure.
  let decided = false;
  try {
    await Promise.race([
      listening(port, Date.now() + 10_000),
      exited.then(() => { if (!decided) throw new Error(`nginx exited: ${stderr}`); }),
    ]);
  } catch (e) {
    nginx.kill();
    throw e;
  } finally {
    decided = true;
  }
  return {
    port,
    stop: async () => { nginx.kill('SIGTERM'); await exited; },
  };
}
