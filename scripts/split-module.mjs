// Splits the release module in place (after `trunk build`): each part declared with
// `deferred!` (src/components/deferred.rs) goes to a wasm file of its own, fetched the
// first time it is shown, so the edit page no longer downloads the users page and the
// rest (BENCHMARKS.md). Trunk 0.21 cannot split (the split must come before
// wasm-bindgen), so this redoes its last steps on cargo's output, built with
// `--cfg split -Clink-args=--emit-relocs`:
//
//   wasm-split-cli → wasm-bindgen → wasm-metadce (unused exports, below) → wasm-opt
//   (index.html's flags) on each module, a check that each still compiles,
//
// then puts the results under Trunk's names (the split's loader inside the glue), gives
// the parts content-hashed names (so a tab of an older build never fetches a newer
// build's part), and updates index.html's integrity hashes.
//
//   node scripts/split-module.mjs <bundle folder> <cargo's .wasm>
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const [dir, input] = process.argv.slice(2);
if (!dir || !input) {
  console.error('usage: node scripts/split-module.mjs <bundle folder> <cargo\'s .wasm>');
  process.exit(2);
}
const fail = (message) => {
  console.error(`split-module: ${message}`);
  process.exit(1);
};
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
// Replaces `from` once, exactly: anything else means the tools' output changed shape.
const replaceOnce = (text, from, to, where) => {
  const parts = text.split(from);
  if (parts.length !== 2) fail(`${where}: expected "${from}" once, found it ${parts.length - 1} times`);
  return parts.join(to);
};

const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const glueName = readdirSync(dir).find((f) => /^user-admin-[0-9a-f]+\.js$/.test(f));
if (!glueName) fail(`no user-admin-<hash>.js in ${dir}`);
const stem = glueName.slice(0, -'.js'.length);
const wasmName = `${stem}_bg.wasm`;

// The wasm-opt flags Trunk was given, so every module is optimised alike.
const rustLink = readFileSync('index.html', 'utf8').match(/<link[^>]*data-trunk[^>]*rel="rust"[^>]*>/)?.[0];
if (!rustLink) fail('no <link data-trunk rel="rust"> in the project\'s index.html');
const level = rustLink.match(/data-wasm-opt="([^"]+)"/)?.[1] ?? 'z';
const params = (rustLink.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);

const work = join('target', 'split-work');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'bg'), { recursive: true });

await run('wasm-split-cli', [input, work, '--out-name', stem]);
const parts = readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
const optimise = (from, to) => run('wasm-opt', [`-O${level}`, ...params, from, '-o', to]);
if (parts.length === 0) {
  // A tree with no deferred part (an older commit built by scripts/bench.sh): Trunk's
  // module stays, only optimised, as Trunk would have (trunk-release.sh turned that off).
  // The size check catches a tree whose parts were lost.
  const wasm = join(dir, wasmName);
  const before = sri(readFileSync(wasm));
  await optimise(wasm, wasm);
  writeFileSync(indexPath, replaceOnce(index, before, sri(readFileSync(wasm)), 'index.html'));
  console.error('split-module: no split point in the module: Trunk\'s module kept, optimised');
  process.exit(0);
}
await run('wasm-bindgen', [
  '--target', 'web', '--no-typescript', '--keep-lld-exports',
  '--out-dir', join(work, 'bg'), '--out-name', stem, join(work, `${stem}.wasm`),
]);

// `wasm-streams` (under Leptos' `server_fn`, turned on for every wasm build) exports three
// JS classes (`IntoUnderlyingSource`, …) that nothing in the app uses, and no build
// setting can drop. Their exports go (wasm-metadce, every other export a root), then the
// code only they reached (wasm-opt), then their classes in the glue: 1.5 KB brotli less.
const streams = /^(__wbg_)?intounderlying/;
const bg = join(work, 'bg', `${stem}_bg.wasm`);
const exportNames = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(bg))).map((e) => e.name);
const kept = exportNames.filter((name) => !streams.test(name));
// (wasm-bindgen's module stays as it is, with its names, for twiggy.)
let main = bg;
let glue = readFileSync(join(work, 'bg', `${stem}.js`), 'utf8');
if (kept.length < exportNames.length) {
  const graph = join(work, 'exports.json');
  writeFileSync(graph, JSON.stringify(kept.map((name, i) => ({ name: `export${i}`, export: name, root: true }))));
  main = join(work, `${stem}_dce.wasm`);
  await run('wasm-metadce', [bg, '--graph-file', graph, '-o', main]);
  const before = glue;
  glue = glue
    .replace(/^export class IntoUnderlying\w* \{\n[\s\S]*?^\}\n/gm, '')
    .replace(/^if \(Symbol\.dispose\) IntoUnderlying\w*\.prototype.*\n/gm, '')
    .replace(/^const IntoUnderlying\w*Finalization = [^;]*;\n/gm, '');
  if (/intounderlying/i.test(glue)) fail(`${stem}.js: the classes of wasm-streams are no longer where this step drops them`);
  console.error(`split-module: wasm-streams' classes dropped (${exportNames.length - kept.length} exports, ${before.length - glue.length} bytes of glue)`);
}
await Promise.all([
  optimise(main, join(work, wasmName)),
  ...parts.map((p) => optimise(join(work, p), join(work, `${p}.opt`))),
]);

// Every module must still compile (a tool's newer encoding would stop the app at start).
for (const f of [wasmName, ...parts.map((p) => `${p}.opt`)]) {
  try {
    new WebAssembly.Module(readFileSync(join(work, f)));
  } catch (e) {
    fail(`${f} does not compile: ${e.message}`);
  }
}

// The parts, under content-hashed names, and the loader that fetches them.
let loader = readFileSync(join(work, '__wasm_split.js'), 'utf8');
for (const p of parts) {
  const bytes = readFileSync(join(work, `${p}.opt`));
  const named = `${p.slice(0, -'.wasm'.length)}-${contentHash(bytes)}.wasm`;
  writeFileSync(join(dir, named), bytes);
  loader = replaceOnce(loader, `"./${p}"`, `"./${named}"`, '__wasm_split.js');
  console.error(`split-module: ${named}: ${bytes.length} bytes`);
}
// A part answered with an error status (a 404 once a newer release replaced this one's
// files) is marked for the app (src/release.rs), which then says to reload rather than
// to check the connection: trying again could never fetch it.
const fetches = loader.split('fetch(new URL(').length - 1;
if (fetches !== parts.length) fail(`__wasm_split.js: expected ${parts.length} part fetches, found ${fetches}`);
loader = loader.replaceAll('fetch(new URL(', '__userAdminFetchPart(new URL(');
loader = `const __userAdminFetchPart = (url) => fetch(url).then((r) => {
  if (!r.ok) globalThis.__userAdminPartGone = true;
  return r;
});
${loader}`;
// The loader goes into the glue, which imports it and which it imports: one file, so the
// page asks for no more files at start-up than an unsplit build.
loader = replaceOnce(loader, `import { initSync } from "./${stem}.js";`, '', '__wasm_split.js');
const exported = [...loader.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
if (exported.length === 0) fail('__wasm_split.js exports no loader');
loader = loader.replace(/^export const /gm, 'const ');
const imports = [...glue.matchAll(/^import \* as (\w+) from "\.\/__wasm_split\.js";?$/gm)];
if (imports.length === 0) fail(`${stem}.js does not import the loader`);
for (const m of imports) glue = replaceOnce(glue, `${m[0]}\n`, '', `${stem}.js`);
// The glue reads these only when it instantiates the module, after its whole text has run.
// One object for every import of the loader, as one module's namespace is.
glue += `\n${loader}\nconst __userAdminSplit = { ${exported.join(', ')} };\n${imports.map((m) => `const ${m[1]} = __userAdminSplit;`).join('\n')}\n`;

// Trunk's files replaced, their integrity hashes with them.
for (const [name, bytes] of [[glueName, Buffer.from(glue)], [wasmName, readFileSync(join(work, wasmName))]]) {
  index = replaceOnce(index, sri(readFileSync(join(dir, name))), sri(bytes), 'index.html');
  writeFileSync(join(dir, name), bytes);
}
writeFileSync(indexPath, index);
console.error(`split-module: ${parts.length} part(s) split off ${basename(input)}; their loader is in ${glueName}`);
