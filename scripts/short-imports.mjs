// Trunk's post-build hook, before precompress.mjs: gives the wasm's imports short names.
//
// wasm-bindgen names each import after its Rust binding plus a 16-hex-digit hash
// (`__wbg_set_time_zone_3f2fe6a64076c5b5`) and puts each name twice in the first load: in the
// wasm's import section and as a key of the JS glue's import object. The hashes do not
// compress. Renaming every import to a short unique name (`a`, `b`, … `aa`) in both files, and
// the one import module to `a`, made the first load 4,575 B brotli smaller (189,416 →
// 184,841 B; the js 8,063 → 6,090 B) with nothing else changed — measured with
// `scripts/size-check.mjs`. No tool in the chain has an option for it (wasm-bindgen is pinned in
// Cargo.toml; this script checks its glue's shape and fails the build rather than guess), and the
// names are never seen: the glue is the only importer.
//
// Then the integrity (SHA-384) of both files in index.html is brought up to date. Development
// builds (`trunk serve`) are left alone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) fail('TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const files = fs.readdirSync(dir);
const wasmName = only(files.filter((f) => f.endsWith('_bg.wasm')), 'wasm');
const jsName = only(files.filter((f) => f === wasmName.replace(/_bg\.wasm$/, '.js')), 'js');
const wasmFile = path.join(dir, wasmName);
const jsFile = path.join(dir, jsName);
const htmlFile = path.join(dir, 'index.html');

const wasm = fs.readFileSync(wasmFile);
let js = fs.readFileSync(jsFile, 'utf8');
let html = fs.readFileSync(htmlFile, 'utf8');

const sections = readSections(wasm);
const importSection = only(sections.filter((s) => s.id === 2), 'import section');
const imports = readImports(wasm.subarray(importSection.start, importSection.end));
const modules = [...new Set(imports.map((i) => i.module))];
const oldModule = only(modules, 'import module');

// Every import becomes a key of the glue's import object: `name: function(` or `name: (`.
const renamed = new Map(imports.map((entry, i) => [entry.name, shortName(i)]));
for (const [name, short] of renamed) {
  const key = new RegExp(`(?<![\\w$])${escape(name)}(?=:)`, 'g');
  const found = js.match(key)?.length ?? 0;
  if (found !== 1) fail(`expected the import ${name} once as a key in ${jsName}, found ${found}`);
  js = js.replace(key, short);
}
const moduleKey = JSON.stringify(oldModule);
if (js.split(moduleKey).length !== 2) fail(`expected ${moduleKey} once in ${jsName}`);
js = js.replace(moduleKey, JSON.stringify('a'));

const newImports = encodeImports(
  imports.map((entry) => ({ ...entry, module: 'a', name: renamed.get(entry.name) })),
);
const out = Buffer.concat([
  wasm.subarray(0, importSection.headerStart),
  Buffer.from([2]),
  leb(newImports.length),
  newImports,
  wasm.subarray(importSection.end),
]);

fs.writeFileSync(wasmFile, out);
fs.writeFileSync(jsFile, js);
for (const [name, bytes] of [
  [wasmName, out],
  [jsName, Buffer.from(js)],
]) {
  const integrity = `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
  const link = new RegExp(`(href="[^"]*${escape(name)}"[^>]*integrity=")[^"]*(")`);
  if (!link.test(html)) fail(`no integrity for ${name} in index.html`);
  html = html.replace(link, `$1${integrity}$2`);
}
fs.writeFileSync(htmlFile, html);
console.log(
  `short-imports: ${imports.length} imports renamed; wasm ${wasm.length} → ${out.length} B, ` +
    `js ${Buffer.byteLength(fs.readFileSync(jsFile))} B`,
);

function fail(message) {
  console.error(`short-imports: ${message}`);
  process.exit(1);
}

function only(list, what) {
  if (list.length !== 1) fail(`expected one ${what}, found ${list.length}`);
  return list[0];
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `a` … `z`, `aa` … : the i-th short name. */
function shortName(i) {
  let name = '';
  for (let n = i; n >= 0; n = Math.floor(n / 26) - 1) name = String.fromCharCode(97 + (n % 26)) + name;
  return name;
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function readSections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
  const sections = [];
  for (let at = 8; at < bytes.length; ) {
    const headerStart = at;
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    sections.push({ id, headerStart, start, end: start + size });
    at = start + size;
  }
  return sections;
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [bytes.subarray(start, start + length).toString('utf8'), start + length];
}

/** Each import's module, name and the bytes of its description, as they are. */
function readImports(bytes) {
  let [count, at] = readLeb(bytes, 0);
  const imports = [];
  while (count-- > 0) {
    const [module, afterModule] = readName(bytes, at);
    const [name, descStart] = readName(bytes, afterModule);
    const kind = bytes[descStart];
    let end = descStart + 1;
    if (kind === 0x00) [, end] = readLeb(bytes, end); // function: type index
    else if (kind === 0x01) end = skipLimits(bytes, end + 1); // table: reftype, limits
    else if (kind === 0x02) end = skipLimits(bytes, end); // memory: limits
    else if (kind === 0x03) end += 2; // global: value type, mutability
    else if (kind === 0x04) [, end] = readLeb(bytes, end + 1); // tag: attribute, type index
    else fail(`unknown import kind ${kind} of ${module}.${name}`);
    imports.push({ module, name, desc: bytes.subarray(descStart, end) });
    at = end;
  }
  if (at !== bytes.length) fail('the import section has bytes after its imports');
  return imports;
}

function skipLimits(bytes, at) {
  const flags = bytes[at];
  let [, next] = readLeb(bytes, at + 1);
  if (flags & 1) [, next] = readLeb(bytes, next);
  return next;
}

function encodeImports(imports) {
  const name = (text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([leb(bytes.length), bytes]);
  };
  return Buffer.concat([
    leb(imports.length),
    ...imports.flatMap((i) => [name(i.module), name(i.name), i.desc]),
  ]);
}
