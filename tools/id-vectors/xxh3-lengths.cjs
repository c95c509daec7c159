// Writes XXH3-64 (seed 0) of prefixes of a deterministic buffer, one line per length: "length,hash_hex".
// The hashes come from the @node-rs/xxhash package (bindings to an independent Rust implementation of XXH3),
// so they check our Java Xxh3 against a second implementation for every length class and block boundary.
// Buffer: byte i = low byte of an xorshift64 state (x ^= x<<13; x ^= x>>7; x ^= x<<17; start x = 1),
// the same buffer the Java test builds.
// Usage: NODE_PATH=.cache/reference/node_modules node xxh3-lengths.cjs > xxh3-lengths.csv
const { xxh3 } = require('@node-rs/xxhash');

const SIZE = 8200;
const buffer = Buffer.alloc(SIZE);
let x = 1n;
const MASK = (1n << 64n) - 1n;
for (let i = 0; i < SIZE; i++) {
  x ^= (x << 13n) & MASK;
  x ^= x >> 7n;
  x ^= (x << 17n) & MASK;
  buffer[i] = Number(x & 0xffn);
}
const lengths = [];
for (let n = 0; n <= 1100; n++) lengths.push(n);
for (const n of [1023, 1024, 1025, 1087, 1088, 1089, 2047, 2048, 2049, 2240, 2243, 3071, 3072, 3073, 4096, 5000,
  6143, 6144, 6145, 8191, 8192, 8193, 8200]) lengths.push(n);
const out = ['length,xxh3_64_hex'];
for (const n of lengths) {
  out.push(`${n},${xxh3.xxh64(buffer.subarray(0, n)).toString(16).padStart(16, '0')}`);
}
process.stdout.write(out.join('\n') + '\n');
