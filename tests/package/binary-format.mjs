// Reads executables' headers (ELF, Mach-O, PE) and checks that each .vsix carries a server binary of its own platform.
//
// Usage: node tests/package/binary-format.mjs DIR   checks every .vsix in DIR (what `npm run package:all` writes);
// exits 1 with the reason when a package lacks its server or carries another platform's.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The VS Code targets packaged, with the .NET runtime identifier, file format and CPU each server must have. */
export const TARGETS = {
  'linux-x64': { rid: 'linux-x64', format: 'ELF', arch: 'x64', exe: 'codenode' },
  'linux-arm64': { rid: 'linux-arm64', format: 'ELF', arch: 'arm64', exe: 'codenode' },
  'darwin-x64': { rid: 'osx-x64', format: 'Mach-O', arch: 'x64', exe: 'codenode' },
  'darwin-arm64': { rid: 'osx-arm64', format: 'Mach-O', arch: 'arm64', exe: 'codenode' },
  'win32-x64': { rid: 'win-x64', format: 'PE', arch: 'x64', exe: 'codenode.exe' },
};

/**
 * The format and CPU of an executable: `{ format: 'ELF' | 'Mach-O' | 'PE', arch: 'x64' | 'arm64' | other, signed? }`,
 * or `{ format: 'unknown' }`. For Mach-O, `signed` says whether it has a code signature (LC_CODE_SIGNATURE), which
 * macOS on Apple silicon requires before it runs a program, even an ad-hoc one.
 */
export function binaryFormat(buf) {
  if (buf.length >= 20 && buf.readUInt32BE(0) === 0x7f454c46) {
    const little = buf[5] === 1;
    const machine = little ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    return { format: 'ELF', arch: { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'x86', 0x28: 'arm' }[machine] ?? `machine ${machine}`, bits: buf[4] === 2 ? 64 : 32 };
  }
  if (buf.length >= 32 && buf.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = buf.readUInt32LE(4);
    const ncmds = buf.readUInt32LE(16);
    let offset = 32;
    let signed = false;
    for (let i = 0; i < ncmds && offset + 8 <= buf.length; i++) {
      const cmd = buf.readUInt32LE(offset);
      const size = buf.readUInt32LE(offset + 4);
      if (cmd === 0x1d) signed = true; // LC_CODE_SIGNATURE
      if (size < 8) break;
      offset += size;
    }
    return { format: 'Mach-O', arch: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `cputype ${cpu}`, signed };
  }
  if (buf.length >= 64 && buf.readUInt16LE(0) === 0x5a4d) {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.readUInt32LE(pe) === 0x00004550) {
      const machine = buf.readUInt16LE(pe + 4);
      return { format: 'PE', arch: { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'x86' }[machine] ?? `machine ${machine}` };
    }
  }
  return { format: 'unknown' };
}

/** The entries of a zip file (a .vsix) as name → () => Buffer, read from its central directory. */
export function zipEntries(zip) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Problems with one package (empty when it is right): its target, its server binary's format, CPU and signature. */
export function checkPackage(file) {
  const entries = zipEntries(readFileSync(file));
  const manifest = entries.get('extension.vsixmanifest')?.().toString('utf8') ?? '';
  const target = /TargetPlatform="([^"]+)"/.exec(manifest)?.[1];
  const servers = [...entries.keys()].filter(n => /^extension\/server\/[^/]+\/codenode(\.exe)?$/.test(n) && !n.includes('/any/'));
  const problems = [];
  if (!entries.has('extension/server/any/codenode.dll')) problems.push('no server/any/codenode.dll');
  if (!target) {
    if (servers.length) problems.push(`the universal package carries platform servers: ${servers.join(', ')}`);
    return { target: 'universal', problems, found: [] };
  }
  const want = TARGETS[target];
  if (!want) return { target, problems: [...problems, `unknown target ${target}`], found: [] };
  const name = `extension/server/${want.rid}/${want.exe}`;
  if (servers.length !== 1 || servers[0] !== name) problems.push(`expected exactly ${name}, found: ${servers.join(', ') || 'none'}`);
  const found = [];
  if (entries.has(name)) {
    const info = binaryFormat(entries.get(name)());
    found.push(info);
    if (info.format !== want.format || info.arch !== want.arch) problems.push(`${name} is ${info.format} ${info.arch ?? ''}, expected ${want.format} ${want.arch}`);
    if (info.format === 'Mach-O' && !info.signed) problems.push(`${name} has no code signature; macOS on Apple silicon refuses to run it`);
  }
  return { target, problems, found };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/vsix';
  const files = readdirSync(dir).filter(f => f.endsWith('.vsix')).sort();
  let failed = files.length === 0;
  if (failed) console.error(`binary-format: no .vsix in ${dir}`);
  const seen = new Set();
  for (const f of files) {
    const { target, problems, found } = checkPackage(path.join(dir, f));
    seen.add(target);
    const what = found.map(i => `${i.format} ${i.arch}${i.format === 'Mach-O' ? (i.signed ? ', signed' : ', unsigned') : ''}`).join('; ');
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${f}: ${target}${what ? ` (${what})` : ''}${problems.length ? ' — ' + problems.join('; ') : ''}`);
    if (problems.length) failed = true;
  }
  for (const t of [...Object.keys(TARGETS), 'universal']) {
    if (!seen.has(t)) { console.error(`binary-format: no package for ${t}`); failed = true; }
  }
  process.exit(failed ? 1 : 0);
}
