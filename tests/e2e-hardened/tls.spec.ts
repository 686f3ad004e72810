// The TLS sides of the rendered site, each in a private nginx against a local upstream:
// the API's certificate is verified before a request is forwarded, and the HTTPS site
// tells browsers to stay on HTTPS.
import { test, expect } from '@playwright/test';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { selfSigned, startSite, tempDir } from './nginx-site';

const HSTS = 'max-age=31536000; includeSubDomains';

const echo: RequestListener = (req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ path: req.url }));
};

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as { port: number }).port;
}

function httpsUpstream(tls: { cert: string; key: string }): Server {
  return createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, echo);
}

let dir: string;
let cleanup: () => void;
const servers: Server[] = [];
const stops: (() => Promise<void>)[] = [];

test.beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
test.afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const server of servers.splice(0)) server.close();
  cleanup();
});

async function site(opts: Parameters<typeof startSite>[1]): Promise<number> {
  const { port, stop } = await startSite(dir, opts);
  stops.push(stop);
  return port;
}

async function serve(server: Server): Promise<number> {
  servers.push(server);
  return listen(server);
}

test('an https API is reached only when its certificate is trusted and names its host', async ({ request }) => {
  const own = selfSigned(dir, 'upstream', ['localhost']);
  const upstream = `https://localhost:${await serve(httpsUpstream(own))}/api/`;

  // Debian's CA bundle does not know this certificate: nginx must not forward to it.
  const defaultBundle = await site({ upstream });
  expect((await request.get(`http://127.0.0.1:${defaultBundle}/api/users`)).status()).toBe(502);

  const trusting = await site({ upstream, renderArgs: ['--ca-bundle', own.cert] });
  const reached = await request.get(`http://127.0.0.1:${trusting}/api/users`);
  expect(reached.status()).toBe(200);
  expect(await reached.json()).toEqual({ path: '/api/users' });

  // Trusted, but issued to another name than the host nginx connects to.
  const other = selfSigned(dir, 'other', ['api.elsewhere.test']);
  const misnamed = `https://localhost:${await serve(httpsUpstream(other))}/api/`;
  const wrongName = await site({ upstream: misnamed, renderArgs: ['--ca-bundle', other.cert] });
  expect((await request.get(`http://127.0.0.1:${wrongName}/api/users`)).status()).toBe(502);
});

test('the HTTPS site sends Strict-Transport-Security on every kind of response; plain HTTP does not', async ({ playwright, request }) => {
  const upstream = `http://127.0.0.1:${await serve(createHttpServer(echo))}/api/`;
  const server = selfSigned(dir, 'site', ['127.0.0.1']);
  const https = await site({
    upstream,
    listenFlags: 'ssl',
    renderArgs: ['--ssl-certificate', server.cert, '--ssl-certificate-key', server.key],
  });
  // The site's certificate is the test's own: the client skips the check, not nginx.
  const client = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  try {
    for (const path of ['/', '/users/1001', '/api/users', '/missing-0123456789abcdef.wasm']) {
      const r = await client.get(`https://127.0.0.1:${https}${path}`);
      expect(r.headers()['strict-transport-security'], path).toBe(HSTS);
    }
  } finally {
    await client.dispose();
  }

  const plain = await site({ upstream });
  const r = await request.get(`http://127.0.0.1:${plain}/`);
  expect(r.status()).toBe(200);
  expect(r.headers()['strict-transport-security']).toBeUndefined();
});
