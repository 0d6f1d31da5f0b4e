// Writes name.gz and name.br beside every text file of the build, so janji serves compressed
// bytes without compressing per request (it never compresses in C++).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'dist';
const textFile = /\.(html|js|mjs|css|json|svg|txt|webmanifest|map)$/;
let count = 0;
let before = 0;
let after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (textFile.test(name)) {
      const bytes = readFileSync(path);
      if (bytes.length < 256) continue;
      const gz = gzipSync(bytes, { level: 9 });
      writeFileSync(`${path}.gz`, gz);
      writeFileSync(
        `${path}.br`,
        brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      count += 1;
      before += bytes.length;
      after += gz.length;
    }
  }
}

walk(root);
console.log(
  `precompress: ${count} files, ${(before / 1024).toFixed(0)} kB -> ${(after / 1024).toFixed(0)} kB gzip`,
);
