// Unit tests of server discovery: each step, each failure message, and the log it writes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { load } from './load.mjs';

const { findServer, parseRuntimes, expandPath, runtimeId, bundledServerPath, bundledDllPath, serverEnvironment } = load('server');
const { MemoryLog } = load('log');

const EXT = '/ext';
const BUNDLED = path.join(EXT, 'server', 'linux-x64', 'codenode');
const DLL = path.join(EXT, 'server', 'any', 'codenode.dll');
const RUNTIMES_10 = 'Microsoft.AspNetCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]\nMicrosoft.NETCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n';

/** A fake machine: `files` maps path → executable?; `dotnet` is its PATH entry; `runtimes` what it lists. */
function probe({ files = {}, dotnet, runtimes = RUNTIMES_10, chmodWorks = false } = {}) {
    const state = { ...files };
    return {
        isFile: file => file in state,
        isExecutable: file => state[file] === true,
        makeExecutable: file => {
            if (chmodWorks && file in state) {
                state[file] = true;
            }
            return state[file] === true;
        },
        which: program => (program === 'dotnet' ? dotnet : undefined),
        listRuntimes: () => runtimes,
    };
}

function options(overrides = {}) {
    return { settingPath: '', extensionPath: EXT, platform: 'linux', arch: 'x64', ...overrides };
}

test('the setting wins when it names an executable', () => {
    const log = new MemoryLog();
    const found = findServer(options({ settingPath: '/opt/codenode' }), probe({ files: { '/opt/codenode': true, [BUNDLED]: true } }), log);
    assert.deepEqual(found, { ok: true, server: { command: '/opt/codenode', args: ['lsp'], source: 'setting' } });
    assert.match(log.lines[0], /codeNode\.server\.path is set to \/opt\/codenode/);
});

test('a setting that names a missing file is an error, not a silent fallback', () => {
    const found = findServer(options({ settingPath: '/nope/codenode' }), probe({ files: { [BUNDLED]: true } }), new MemoryLog());
    assert.equal(found.ok, false);
    assert.match(found.message, /"\/nope\/codenode", but no file is there/);
});

test('a setting that names a non-executable file says to chmod it', () => {
    const found = findServer(options({ settingPath: '/opt/codenode' }), probe({ files: { '/opt/codenode': false } }), new MemoryLog());
    assert.equal(found.ok, false);
    assert.match(found.message, /not executable/);
});

test('a setting that names a DLL runs it with dotnet', () => {
    const found = findServer(options({ settingPath: '/opt/codenode.dll' }), probe({ files: { '/opt/codenode.dll': false }, dotnet: '/usr/bin/dotnet' }), new MemoryLog());
    assert.deepEqual(found.server, { command: '/usr/bin/dotnet', args: ['/opt/codenode.dll', 'lsp'], source: 'setting' });
});

test('a relative setting is resolved against the workspace folder', () => {
    const found = findServer(options({ settingPath: 'tools/codenode', workspaceFolder: '/ws' }), probe({ files: { '/ws/tools/codenode': true } }), new MemoryLog());
    assert.equal(found.server.command, '/ws/tools/codenode');
});

test('without the setting the bundled self-contained server is used', () => {
    const log = new MemoryLog();
    const found = findServer(options(), probe({ files: { [BUNDLED]: true, [DLL]: false }, dotnet: '/usr/bin/dotnet' }), log);
    assert.deepEqual(found.server, { command: BUNDLED, args: ['lsp'], source: 'bundled' });
    assert.ok(log.lines.some(line => line.includes('not set')));
    assert.ok(log.lines.some(line => line.includes('found the bundled self-contained server')));
});

test('a bundled server that lost its executable bit is repaired', () => {
    const found = findServer(options(), probe({ files: { [BUNDLED]: false }, chmodWorks: true }), new MemoryLog());
    assert.equal(found.server.source, 'bundled');
});

test('without a bundled server for the platform, dotnet runs the bundled DLL', () => {
    const found = findServer(options({ platform: 'darwin', arch: 'arm64' }), probe({ files: { [BUNDLED]: true, [DLL]: false }, dotnet: '/usr/local/bin/dotnet' }), new MemoryLog());
    assert.deepEqual(found.server, { command: '/usr/local/bin/dotnet', args: [DLL, 'lsp'], source: 'dotnet' });
});

test('no dotnet on PATH: the message names every step that failed', () => {
    const found = findServer(options(), probe({ files: { [DLL]: false } }), new MemoryLog());
    assert.equal(found.ok, false);
    assert.match(found.message, /bundled server .* is missing/);
    assert.match(found.message, /dotnet is not on PATH/);
    assert.match(found.message, /Install the \.NET 10 runtime, or set codeNode\.server\.path/);
});

test('dotnet without a .NET 10 runtime lists what it has', () => {
    const runtimes = 'Microsoft.NETCore.App 8.0.5 [/x]\nMicrosoft.NETCore.App 9.0.1 [/x]\n';
    const found = findServer(options(), probe({ files: { [DLL]: false }, dotnet: '/usr/bin/dotnet', runtimes }), new MemoryLog());
    assert.equal(found.ok, false);
    assert.match(found.message, /has no \.NET 10 runtime \(Microsoft\.NETCore\.App found: 8\.0\.5, 9\.0\.1\)/);
});

test('dotnet that fails to list runtimes is reported', () => {
    const found = findServer(options(), probe({ files: { [DLL]: false }, dotnet: '/usr/bin/dotnet', runtimes: new Error('exit code 131') }), new MemoryLog());
    assert.match(found.message, /--list-runtimes" failed: exit code 131/);
});

test('parseRuntimes reads only Microsoft.NETCore.App versions', () => {
    assert.deepEqual(parseRuntimes(RUNTIMES_10), ['10.0.1']);
    assert.deepEqual(parseRuntimes(''), []);
});

test('paths: ~ expansion, runtime ids and bundle locations', () => {
    assert.equal(expandPath('~/bin/codenode', undefined, '/home/me'), '/home/me/bin/codenode');
    assert.equal(expandPath('/abs', '/ws', '/home/me'), '/abs');
    assert.equal(runtimeId('linux', 'x64'), 'linux-x64');
    assert.equal(runtimeId('win32', 'arm64'), 'win-arm64');
    assert.equal(runtimeId('aix', 'ppc64'), undefined);
    assert.equal(bundledServerPath(EXT, 'win32', 'x64'), path.join(EXT, 'server', 'win-x64', 'codenode.exe'));
    assert.equal(bundledServerPath(EXT, 'sunos', 'x64'), undefined);
    assert.equal(bundledDllPath(EXT), DLL);
});

test('the server is told where the bundled esbuild is, unless the user set CODENODE_ESBUILD', () => {
    const esbuild = path.join(EXT, 'server', 'linux-x64', 'esbuild');
    const where = { extensionPath: EXT, platform: 'linux', arch: 'x64' };
    assert.equal(serverEnvironment({ PATH: '/bin' }, where, probe({ files: { [esbuild]: true } })).CODENODE_ESBUILD, esbuild);
    assert.equal(serverEnvironment({ CODENODE_ESBUILD: '/mine' }, where, probe({ files: { [esbuild]: true } })).CODENODE_ESBUILD, '/mine');
    assert.equal(serverEnvironment({}, where, probe()).CODENODE_ESBUILD, undefined);
    assert.equal(serverEnvironment({ PATH: '/bin' }, where, probe()).PATH, '/bin');
});

// Every target `npm run package:all` builds: where its server is packaged and that discovery starts it without .NET.
const PACKAGED = [
    { platform: 'linux', arch: 'x64', rid: 'linux-x64', exe: 'codenode' },
    { platform: 'linux', arch: 'arm64', rid: 'linux-arm64', exe: 'codenode' },
    { platform: 'darwin', arch: 'x64', rid: 'osx-x64', exe: 'codenode' },
    { platform: 'darwin', arch: 'arm64', rid: 'osx-arm64', exe: 'codenode' },
    { platform: 'win32', arch: 'x64', rid: 'win-x64', exe: 'codenode.exe' },
];

for (const { platform, arch, rid, exe } of PACKAGED) {
    test(`${platform}-${arch}: the bundled ${rid}/${exe} starts with no dotnet; the universal package falls back to dotnet`, () => {
        const server = path.join(EXT, 'server', rid, exe);
        assert.equal(bundledServerPath(EXT, platform, arch), server);
        assert.equal(runtimeId(platform, arch), rid);
        const found = findServer(options({ platform, arch }), probe({ files: { [server]: true, [DLL]: false } }), new MemoryLog());
        assert.deepEqual(found.server, { command: server, args: ['lsp'], source: 'bundled' });
        // The universal package has no server/<rid>/: the DLL runs with an installed .NET 10.
        const universal = findServer(options({ platform, arch }), probe({ files: { [DLL]: false }, dotnet: '/bin/dotnet' }), new MemoryLog());
        assert.deepEqual(universal.server, { command: '/bin/dotnet', args: [DLL, 'lsp'], source: 'dotnet' });
        // A package built for another platform: its server is not this one's, so discovery does not start it.
        const other = PACKAGED.find(p => p.rid !== rid);
        const foreign = path.join(EXT, 'server', other.rid, other.exe);
        const none = findServer(options({ platform, arch }), probe({ files: { [foreign]: true } }), new MemoryLog());
        assert.equal(none.ok, false);
        assert.match(none.message, new RegExp(`bundled server .*${rid}.* is missing`));
    });
}

test('a platform without a package (linux-ia32, freebsd) goes straight to dotnet', () => {
    assert.equal(bundledServerPath(EXT, 'linux', 'ia32'), undefined);
    assert.equal(bundledServerPath(EXT, 'freebsd', 'x64'), undefined);
    const found = findServer(options({ platform: 'freebsd', arch: 'x64' }), probe({ files: { [DLL]: false }, dotnet: '/usr/local/bin/dotnet' }), new MemoryLog());
    assert.equal(found.server.source, 'dotnet');
});
