#!/usr/bin/env node
// The first-load budget: every .wasm and .js file of the release build (`trunk build --release`)
// compressed with brotli at quality 11 (Node's zlib, as the precompressed twins are made), added
// up, must stay within the budget. A size, not a timing: the same build gives the same figure.
//
//   node scripts/size-check.mjs [DIST_DIR] [BUDGET_BYTES]      (defaults: dist, 195500)

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budget = Number(process.argv[3] ?? 195_500);
if (!Number.isInteger(budget) || budget <= 0) {
  console.error(`size-check: the budget must be a number of bytes, not ${process.argv[3]}`);
  process.exit(2);
}

const files = readdirSync(dist).filter((name) => /\.(wasm|js)$/.test(name)).sort();
if (files.length === 0) {
  console.error(`size-check: no .wasm or .js file in ${dist}/: build the dashboard first (trunk build --release)`);
  process.exit(1);
}

const fmt = (n) => n.toLocaleString('en-US');
let raw = 0;
let gzip = 0;
let brotli = 0;
for (const name of files) {
  const bytes = readFileSync(join(dist, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += gz;
  brotli += br;
  console.log(`size-check: ${name}: ${fmt(bytes.length)} B raw, ${fmt(gz)} B gzip -9, ${fmt(br)} B brotli 11`);
}
console.log(`size-check: first load ${fmt(raw)} B raw, ${fmt(gzip)} B gzip -9, ${fmt(brotli)} B brotli 11 (budget ${fmt(budget)} B brotli)`);
if (brotli > budget) {
  console.error(
    `size-check: FAILED: the first load is ${fmt(brotli)} B brotli, ${fmt(brotli - budget)} B over the ${fmt(budget)} B budget.\n`
    + 'size-check: make the wasm smaller (the house style: "Idiom first, then bytes") or, if the product\n'
    + 'size-check: decides the budget moves, change it in the Makefile (size-check target).',
  );
  process.exit(1);
}
