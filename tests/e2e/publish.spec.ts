// The deploy recipe (scripts/publish.mjs, README "Deploying for a tenant"): a new release
// published over an older one keeps the older one's content-hashed files for the grace
// period, so tabs opened before the deploy can still fetch their parts; after it they go.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

const dist = process.env.E2E_DIST ?? 'dist';

function publish(from: string, to: string, keepDays?: number) {
  const extra = keepDays === undefined ? [] : ['--keep-days', String(keepDays)];
  execFileSync('node', ['scripts/publish.mjs', '--from', from, '--to', to, ...extra], { stdio: 'pipe' });
}

test('a new release keeps the last one\'s parts for the grace period, the tenant\'s config.json always', () => {
  const work = mkdtempSync(join(tmpdir(), 'publish-'));
  try {
    const served = join(work, 'served');
    // Release A: the bundle as built. Release B: the same with its save part renamed, as
    // a new build of that part would be.
    const a = join(work, 'a');
    cpSync(dist, a, { recursive: true });
    const savePart = readdirSync(a).find((f) => /^split_save-[0-9a-f]+\.wasm$/.test(f));
    expect(savePart, 'the bundle has a save part').toBeTruthy();
    const b = join(work, 'b');
    cpSync(dist, b, { recursive: true });
    const nextPart = savePart!.replace(/-[0-9a-f]+\.wasm$/, '-00000000000000ff.wasm');
    for (const suffix of ['', '.br', '.gz']) {
      if (existsSync(join(b, savePart! + suffix))) renameSync(join(b, savePart! + suffix), join(b, nextPart + suffix));
    }
    writeFileSync(join(b, 'index.html'), readFileSync(join(b, 'index.html'), 'utf8') + '<!-- release b -->');

    publish(a, served);
    writeFileSync(join(served, 'config.json'), '{"apiBase":"/tenant-api"}');
    publish(b, served);
    expect(readFileSync(join(served, 'index.html'), 'utf8')).toContain('release b');
    expect(existsSync(join(served, nextPart))).toBe(true);
    // Kept: a tab of release A can still fetch its save part.
    expect(existsSync(join(served, savePart!))).toBe(true);
    expect(existsSync(join(served, `${savePart}.br`))).toBe(true);
    expect(readFileSync(join(served, 'config.json'), 'utf8')).toBe('{"apiBase":"/tenant-api"}');

    // Past the grace period (none at all here), release A's files go; B's stay.
    publish(b, served, 0);
    expect(existsSync(join(served, savePart!))).toBe(false);
    expect(existsSync(join(served, `${savePart}.br`))).toBe(false);
    expect(existsSync(join(served, nextPart))).toBe(true);
    expect(readFileSync(join(served, 'config.json'), 'utf8')).toBe('{"apiBase":"/tenant-api"}');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
