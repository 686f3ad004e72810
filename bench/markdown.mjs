// Prints bench/results.json's side-by-side figures as the Markdown tables of
// BENCHMARKS.md, to paste after a run:   node bench/markdown.mjs [bench/results.json]
import { readFileSync } from 'node:fs';
import { MEASURES, OURS_ALONE, PICKER, CREATE, WORKBENCH, FRAME_MS } from './measures.mjs';

const r = JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8'));
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const kib = (n) => (n / 1024).toFixed(1);
const profiles = Object.values(r.profiles);
const withPeer = profiles.every((p) => p.apps.react);

console.log(`Run: ${r.date.slice(0, 16).replace('T', ' ')} UTC, \`${r.command}\`; the app at ${r.bundle.commit ?? '?'} (${r.bundle.toolchain ?? 'no marker'}); `
  + `${r.machine.cores}-core ${r.machine.cpu}, ${r.machine.memoryGB} GiB, Chromium ${r.machine.chromium}, Node ${r.machine.node}; `
  + `${r.runs} cold loads per app and profile; ${r.serving}`
  + (r.machine.loadBefore ? `; load average ${r.machine.loadBefore[0].toFixed(1)} before, ${r.machine.loadAfter[0].toFixed(1)} after` : '') + '.\n');

if (withPeer) {
  console.log(`Ratios of the medians, ours / React (below 1: ours faster):\n`);
  const head = ['measure', ...profiles.map((p) => p.label)];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`);
  for (const [k, label] of MEASURES) {
    console.log(`| ${label} | ${profiles.map((p) => `${f(p.ratios[k], 2)}×`).join(' | ')} |`);
  }
}
for (const p of profiles) {
  console.log(`\n${p.label}: medians, ms\n`);
  console.log(withPeer ? '| measure | ours | React | × |\n|---|---:|---:|---:|' : '| measure | ours |\n|---|---:|');
  for (const [k, label] of MEASURES) {
    const o = f(p.apps.ours[k]?.median);
    console.log(withPeer ? `| ${label} | ${o} | ${f(p.apps.react[k]?.median)} | ${f(p.ratios[k], 2)} |` : `| ${label} | ${o} |`);
  }
}
const wire = profiles[0];
console.log(`\nBytes loaded by the edit page (KiB; files as built; the browser received ${f(wire.apps.ours.wireKiB)}${withPeer ? ` and ${f(wire.apps.react.wireKiB)}` : ''} KiB as served: ours precompressed at build time, brotli 11, the rest and the React page brotli 6 on the fly):\n`);
console.log('| app | raw | gzip | brotli |');
console.log('|---|---:|---:|---:|');
const apps = withPeer ? ['ours', 'react'] : ['ours'];
for (const a of apps) {
  const t = r.bytes[a].total;
  console.log(`| ${a === 'ours' ? 'ours' : 'React'} | ${kib(t.raw)} | ${kib(t.gzip)} | ${kib(t.brotli)} |`);
}
if (withPeer) {
  const o = r.bytes.ours.total, p = r.bytes.react.total;
  console.log(`| × | ${f(o.raw / p.raw, 2)} | ${f(o.gzip / p.gzip, 2)} | ${f(o.brotli / p.brotli, 2)} |`);
}

const first = profiles[0];
console.log(`\nOurs in detail (${first.label}, ms):\n`);
console.log('| measure | median | p95 | p99 | n |');
console.log('|---|---:|---:|---:|---:|');
for (const [k, label] of [...MEASURES, ...OURS_ALONE]) {
  const s = first.apps.ours[k];
  if (s) console.log(`| ${label} | ${f(s.median)} | ${f(s.p95)} | ${f(s.p99)} | ${s.n} |`);
}
if (profiles.some((p) => p.apps.ours[PICKER[0]])) {
  console.log(`\nOurs alone, every profile: ${PICKER[1]} ("Businesses", 1,500 of them; ms; a frame is ${FRAME_MS} ms):\n`);
  console.log('| profile | median | p95 | p99 | n |');
  console.log('|---|---:|---:|---:|---:|');
  for (const p of profiles) {
    const s = p.apps.ours[PICKER[0]];
    if (s) console.log(`| ${p.label} | ${f(s.median)} | ${f(s.p95)} | ${f(s.p99)} | ${s.n} |`);
  }
}
if (profiles.some((p) => p.apps.ours[CREATE[0][0]])) {
  console.log('\nOurs alone, every profile: a new user (medians, ms):\n');
  console.log(`| profile | ${CREATE.map(([, label]) => label).join(' | ')} |`);
  console.log(`|---|${CREATE.map(() => '---:').join('|')}|`);
  for (const p of profiles) {
    console.log(`| ${p.label} | ${CREATE.map(([k]) => f(p.apps.ours[k]?.median)).join(' | ')} |`);
  }
}
if (profiles.some((p) => p.apps.ours[WORKBENCH[0][0]])) {
  console.log('\nOurs alone, every profile: the workbench (ms; the filter a median, the bulk change one run, 409s it met):\n');
  console.log(`| profile | ${WORKBENCH.map(([, label]) => label).join(' | ')} | 409s |`);
  console.log(`|---|${WORKBENCH.map(() => '---:').join('|')}|---:|`);
  for (const p of profiles) {
    console.log(`| ${p.label} | ${WORKBENCH.map(([k]) => f(p.apps.ours[k]?.median)).join(' | ')} | ${p.apps.ours.bulk50Throttled ?? '–'} |`);
  }
}
for (const a of apps) {
  const s = first.apps[a];
  console.log(`\nMemory after the save, ${a === 'ours' ? 'ours' : 'React'}: JS heap ${f(s.jsHeapMB)} MiB${Number.isFinite(s.wasmMemoryMB) ? `, wasm linear memory ${f(s.wasmMemoryMB)} MiB` : ''}.`);
}
console.log('\nBudgets: ' + r.budgets.map((b) => `${b.measure}: ${b.unit === 'bytes' ? `${(b.value / 1000).toFixed(1)} KB` : `${f(b.value)} ms`} (${b.within} ${b.unit === 'bytes' ? `${b.limit / 1000} KB` : `${b.limit} ms`}, ${b.met ? 'met' : b.warningOnly ? 'over, warning only' : 'over'})`).join('; '));
