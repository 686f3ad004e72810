// Publishes a release bundle into the folder nginx serves, keeping the earlier releases'
// content-hashed files for a grace period. A tab opened before the deploy fetches the
// parts of its own release as it needs them (the save's code at the first change, the
// sign-in form when a session ends): while those files stay, it keeps working; once they
// are gone, it says a new version is out and reloads with the edits kept.
//
//   node scripts/publish.mjs --from dist --to /srv/user-admin/dist [--keep-days 7]
//
// The new release's files are copied first and index.html last (written beside, then
// renamed over the old one), so the page never names a file that is not there yet. A
// config.json already in place is the tenant's and is left as it is. Then every hashed
// file that no release of the last --keep-days days published is removed (a file's
// modification time is when a release last published it).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.from || !args.to) {
  console.error('usage: node scripts/publish.mjs --from <bundle folder> --to <served folder> [--keep-days N]');
  process.exit(2);
}
const from = resolve(args.from);
const to = resolve(args.to);
const keepDays = Number(args['keep-days'] ?? 7);
if (!Number.isFinite(keepDays) || keepDays < 0) {
  console.error('publish: --keep-days must be a number of days, 0 or more');
  process.exit(2);
}
if (!existsSync(join(from, 'index.html'))) {
  console.error(`publish: ${from} holds no index.html: not a release bundle`);
  process.exit(1);
}

// The names deploy/nginx caches for a year, and their precompressed copies.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)(\.br|\.gz)?$/;

mkdirSync(to, { recursive: true });
const now = new Date();
const published = [];
for (const name of readdirSync(from)) {
  if (name === 'index.html' || (name === 'config.json' && existsSync(join(to, name)))) continue;
  copyFileSync(join(from, name), join(to, name));
  // Published now, whatever the bundle's own dates say.
  utimesSync(join(to, name), now, now);
  published.push(name);
}
copyFileSync(join(from, 'index.html'), join(to, '.index.html.next'));
renameSync(join(to, '.index.html.next'), join(to, 'index.html'));

const oldest = now.getTime() - keepDays * 24 * 60 * 60 * 1000;
const removed = [];
for (const name of readdirSync(to)) {
  if (!HASHED.test(name) || published.includes(name)) continue;
  if (statSync(join(to, name)).mtimeMs < oldest) {
    unlinkSync(join(to, name));
    removed.push(name);
  }
}
console.error(`publish: ${published.length} file(s) and index.html into ${to}; ${removed.length} file(s) of releases older than ${keepDays} day(s) removed`);
