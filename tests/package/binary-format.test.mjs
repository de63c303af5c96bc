// The package check's header reader on real executables: the built server and .NET's apphost for every target.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { binaryFormat, checkPackage, TARGETS, zipEntries } from './binary-format.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const packages = process.env.NUGET_PACKAGES ?? path.join(homedir(), '.nuget', 'packages');

/** The folder of the dotnet in use (DOTNET_ROOT, else the one on PATH), whose packs/ holds the SDK's own apphost pack. */
function dotnetRoot() {
  if (process.env.DOTNET_ROOT) return process.env.DOTNET_ROOT;
  const found = (process.env.PATH ?? '').split(path.delimiter).map(d => path.join(d, 'dotnet')).find(f => existsSync(f));
  return found ? path.dirname(realpathSync(found)) : '/usr/share/dotnet';
}

/**
 * The apphost template of a runtime identifier: the SDK ships its own platform's pack (packs/), the locked restore
 * downloads the others into the NuGet cache (server/CodeNodeLsp.csproj lists every RID).
 */
function apphost(rid) {
  const dirs = [path.join(dotnetRoot(), 'packs', `Microsoft.NETCore.App.Host.${rid}`), path.join(packages, `microsoft.netcore.app.host.${rid}`)];
  const dir = dirs.find(d => existsSync(d));
  assert.ok(dir, `no apphost pack for ${rid} in ${dirs.join(' or ')}: run 'dotnet restore CodeNodeLsp.sln --locked-mode'`);
  const version = readdirSync(dir).sort().at(-1);
  const file = path.join(dir, version, 'runtimes', rid, 'native', rid.startsWith('win') ? 'apphost.exe' : 'apphost');
  return readFileSync(file);
}

test('the built server is ELF x64 here', () => {
  const built = path.join(root, 'server/bin/Release/net10.0/codenode');
  assert.deepEqual(binaryFormat(readFileSync(built)), { format: 'ELF', arch: 'x64', bits: 64 });
});

for (const [target, want] of Object.entries(TARGETS)) {
  test(`the ${want.rid} apphost reads as ${want.format} ${want.arch} (target ${target})`, () => {
    const info = binaryFormat(apphost(want.rid));
    assert.equal(info.format, want.format);
    assert.equal(info.arch, want.arch);
  });
}

test('text is no executable format', () => {
  assert.deepEqual(binaryFormat(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(80))), { format: 'unknown' });
});

/** A minimal zip (deflated entries) like vsce writes, for checkPackage. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(content);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(8, 8); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(content.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(8, 10); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(content.length, 24); central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

test('a package whose server is another platform\'s is refused; the right one passes', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-vsix-'));
  try {
    const manifest = target => Buffer.from(`<PackageManifest><Metadata><Identity Id="codenode-lsp" TargetPlatform="${target}"/></Metadata></PackageManifest>`);
    const dll = Buffer.from('MZ');
    const good = path.join(dir, 'good.vsix');
    writeFileSync(good, zip({ 'extension.vsixmanifest': manifest('win32-x64'), 'extension/server/any/codenode.dll': dll, 'extension/server/win-x64/codenode.exe': apphost('win-x64') }));
    assert.deepEqual(checkPackage(good).problems, []);
    const wrong = path.join(dir, 'wrong.vsix');
    writeFileSync(wrong, zip({ 'extension.vsixmanifest': manifest('linux-arm64'), 'extension/server/any/codenode.dll': dll, 'extension/server/linux-arm64/codenode': apphost('linux-x64') }));
    assert.match(checkPackage(wrong).problems.join(), /is ELF x64, expected ELF arm64/);
    const missing = path.join(dir, 'missing.vsix');
    writeFileSync(missing, zip({ 'extension.vsixmanifest': manifest('darwin-arm64'), 'extension/server/any/codenode.dll': dll }));
    assert.match(checkPackage(missing).problems.join(), /expected exactly extension\/server\/osx-arm64\/codenode, found: none/);
    assert.equal(zipEntries(readFileSync(good)).get('extension/server/any/codenode.dll')().toString(), 'MZ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
