// Trunk's post-build hook: next to every text and wasm file of a release build, writes the file
// compressed once at the highest settings (`.br`: brotli quality 11, `.gz`: gzip level 9), which
// the server sends to browsers that accept them (`ServeDir::precompressed_br`/`_gzip`). So what
// a browser downloads is the size the first-load budget measures, at no cost per request.
// Development builds (`trunk serve`) are left alone.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precompress: TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const compressible = /\.(wasm|js|css|html|svg)$/;
for (const name of fs.readdirSync(dir)) {
  if (!compressible.test(name)) continue;
  const file = path.join(dir, name);
  const bytes = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
