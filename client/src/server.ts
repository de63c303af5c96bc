// Finds the language server to start: the setting, the bundled self-contained build, or dotnet with the bundled DLL.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from './log';

/** How the server process is started. */
export interface ServerCommand {
    command: string;
    args: string[];
    /** Which discovery step produced it, for the log and the status item's tooltip. */
    source: 'setting' | 'bundled' | 'dotnet';
}

export type Discovery = { ok: true; server: ServerCommand } | { ok: false; message: string };

/** What discovery needs from the machine; the default uses the file system, tests pass a fake. */
export interface Probe {
    isFile(file: string): boolean;
    isExecutable(file: string): boolean;
    /** Tries to set the executable bit (a zip tool may have dropped it); returns whether the file is executable after. */
    makeExecutable(file: string): boolean;
    /** Full path of a program on PATH, or undefined. */
    which(program: string): string | undefined;
    /** Output of `dotnet --list-runtimes`, or an Error when it could not run. */
    listRuntimes(dotnet: string): string | Error;
}

export interface DiscoveryOptions {
    /** `codeNode.server.path`, already trimmed; empty when not set. */
    settingPath: string;
    /** The extension's install folder. */
    extensionPath: string;
    /** `process.platform` and `process.arch`. */
    platform: string;
    arch: string;
    /** Used to resolve a relative `codeNode.server.path` and `~`. */
    workspaceFolder?: string;
    homeDir?: string;
}

/** The .NET major version the server is built for; the dotnet fallback needs its runtime. */
export const DOTNET_MAJOR = 10;

/** Arguments that put `codenode` in language-server mode on stdin/stdout. */
export const SERVER_ARGS = ['lsp'];

/** Where packaging puts the self-contained server for a platform, relative to the extension folder. */
export function bundledServerPath(extensionPath: string, platform: string, arch: string): string | undefined {
    const rid = runtimeId(platform, arch);
    if (!rid) {
        return undefined;
    }
    const exe = platform === 'win32' ? 'codenode.exe' : 'codenode';
    return path.join(extensionPath, 'server', rid, exe);
}

/** Where packaging puts the framework-dependent server, runnable by `dotnet` on any platform. */
export function bundledDllPath(extensionPath: string): string {
    return path.join(extensionPath, 'server', 'any', 'codenode.dll');
}

/** Maps Node's platform and architecture names to .NET runtime identifiers. */
export function runtimeId(platform: string, arch: string): string | undefined {
    const os = { linux: 'linux', darwin: 'osx', win32: 'win' }[platform];
    const cpu = { x64: 'x64', arm64: 'arm64' }[arch];
    return os && cpu ? `${os}-${cpu}` : undefined;
}

/**
 * Finds the server, logging every step. The order is:
 * 1. `codeNode.server.path`: used as given (a `.dll` is run with `dotnet`); if it is set but wrong that is an error,
 *    since the user asked for that server and silently starting another would hide the mistake.
 * 2. The self-contained server bundled in the extension for this platform (`server/<rid>/codenode`): needs no .NET.
 * 3. `dotnet` on PATH with a .NET 10 runtime, running the bundled framework-dependent `server/any/codenode.dll`.
 * When nothing works, the message says what each step found, so the user knows which one to fix.
 */
export function findServer(options: DiscoveryOptions, probe: Probe, log: Log): Discovery {
    if (options.settingPath) {
        const file = expandPath(options.settingPath, options.workspaceFolder, options.homeDir);
        log.info(`Server discovery: codeNode.server.path is set to ${file}.`);
        if (!probe.isFile(file)) {
            return fail(log, `codeNode.server.path is set to "${file}", but no file is there. Fix the setting, or clear it to use the server bundled with the extension.`);
        }
        if (file.toLowerCase().endsWith('.dll')) {
            const dotnet = findDotnet(probe, log);
            return dotnet.ok ? found(log, { command: dotnet.path, args: [file, ...SERVER_ARGS], source: 'setting' })
                : fail(log, `codeNode.server.path names a DLL (${file}), which needs dotnet: ${dotnet.message}`);
        }
        if (!probe.isExecutable(file)) {
            return fail(log, `codeNode.server.path is set to "${file}", but that file is not executable. Run "chmod +x" on it, or point the setting at the codenode program.`);
        }
        return found(log, { command: file, args: [...SERVER_ARGS], source: 'setting' });
    }
    log.info('Server discovery: codeNode.server.path is not set.');

    const failures: string[] = [];
    const bundled = bundledServerPath(options.extensionPath, options.platform, options.arch);
    if (!bundled) {
        failures.push(`there is no bundled server for ${options.platform}-${options.arch}`);
        log.info(`Server discovery: no self-contained server is built for ${options.platform}-${options.arch}.`);
    } else if (!probe.isFile(bundled)) {
        failures.push(`the bundled server ${bundled} is missing (this build of the extension has none for ${options.platform}-${options.arch})`);
        log.info(`Server discovery: no bundled server at ${bundled}.`);
    } else if (!probe.isExecutable(bundled) && !probe.makeExecutable(bundled)) {
        failures.push(`the bundled server ${bundled} is not executable and could not be made executable`);
        log.warn(`Server discovery: ${bundled} is not executable and chmod failed.`);
    } else {
        log.info(`Server discovery: found the bundled self-contained server at ${bundled}.`);
        return found(log, { command: bundled, args: [...SERVER_ARGS], source: 'bundled' });
    }

    const dll = bundledDllPath(options.extensionPath);
    if (!probe.isFile(dll)) {
        failures.push(`the bundled ${dll} is missing`);
        log.info(`Server discovery: no bundled DLL at ${dll}.`);
    } else {
        const dotnet = findDotnet(probe, log);
        if (dotnet.ok) {
            return found(log, { command: dotnet.path, args: [dll, ...SERVER_ARGS], source: 'dotnet' });
        }
        failures.push(dotnet.message);
    }
    return fail(log, `Could not start the Code Node language server: ${failures.join('; ')}. Install the .NET ${DOTNET_MAJOR} runtime, or set codeNode.server.path to a codenode program.`);
}

/** Finds `dotnet` and checks it has the runtime the server needs, with one message per way that can fail. */
function findDotnet(probe: Probe, log: Log): { ok: true; path: string } | { ok: false; message: string } {
    const dotnet = probe.which('dotnet');
    if (!dotnet) {
        log.info('Server discovery: dotnet is not on PATH.');
        return { ok: false, message: `dotnet is not on PATH (the .NET ${DOTNET_MAJOR} runtime is needed to run codenode.dll)` };
    }
    const runtimes = probe.listRuntimes(dotnet);
    if (runtimes instanceof Error) {
        log.warn(`Server discovery: "${dotnet} --list-runtimes" failed: ${runtimes.message}`);
        return { ok: false, message: `"${dotnet} --list-runtimes" failed: ${runtimes.message}` };
    }
    const versions = parseRuntimes(runtimes);
    if (!versions.some(v => v.startsWith(`${DOTNET_MAJOR}.`))) {
        const seen = versions.length ? versions.join(', ') : 'none';
        log.info(`Server discovery: ${dotnet} has no .NET ${DOTNET_MAJOR} runtime (found: ${seen}).`);
        return { ok: false, message: `${dotnet} has no .NET ${DOTNET_MAJOR} runtime (Microsoft.NETCore.App found: ${seen})` };
    }
    log.info(`Server discovery: using ${dotnet} (runtimes: ${versions.join(', ')}).`);
    return { ok: true, path: dotnet };
}

/** The Microsoft.NETCore.App versions in `dotnet --list-runtimes` output. */
export function parseRuntimes(output: string): string[] {
    const versions: string[] = [];
    for (const line of output.split(/\r?\n/)) {
        const match = /^Microsoft\.NETCore\.App\s+(\S+)/.exec(line.trim());
        if (match) {
            versions.push(match[1]);
        }
    }
    return versions;
}

/** Where packaging puts the esbuild binary that TypeScript runs need on Node 20 (linux-x64 only). */
export function bundledEsbuildPath(extensionPath: string, platform: string, arch: string): string | undefined {
    const rid = runtimeId(platform, arch);
    return rid ? path.join(extensionPath, 'server', rid, platform === 'win32' ? 'esbuild.exe' : 'esbuild') : undefined;
}

/**
 * The environment of the server process: the extension's own, plus CODENODE_ESBUILD naming the bundled esbuild
 * when the user has not set it, so TypeScript nodes run without the repository's node_modules.
 */
export function serverEnvironment(base: NodeJS.ProcessEnv, options: Pick<DiscoveryOptions, 'extensionPath' | 'platform' | 'arch'>, probe: Pick<Probe, 'isFile'>): NodeJS.ProcessEnv {
    const env = { ...base };
    const esbuild = bundledEsbuildPath(options.extensionPath, options.platform, options.arch);
    if (!env.CODENODE_ESBUILD && esbuild && probe.isFile(esbuild)) {
        env.CODENODE_ESBUILD = esbuild;
    }
    return env;
}

/** Expands `~` and makes a relative path absolute against the workspace folder. */
export function expandPath(file: string, workspaceFolder?: string, homeDir?: string): string {
    let result = file;
    if (homeDir && (result === '~' || result.startsWith('~/'))) {
        result = path.join(homeDir, result.slice(1));
    }
    if (!path.isAbsolute(result) && workspaceFolder) {
        result = path.join(workspaceFolder, result);
    }
    return result;
}

function found(log: Log, server: ServerCommand): Discovery {
    log.info(`Server discovery: starting ${[server.command, ...server.args].join(' ')} (from ${server.source}).`);
    return { ok: true, server };
}

function fail(log: Log, message: string): Discovery {
    log.error(message);
    return { ok: false, message };
}

/** The real machine: file system checks, PATH search and running `dotnet --list-runtimes`. */
export const nodeProbe: Probe = {
    isFile(file) {
        try {
            return fs.statSync(file).isFile();
        } catch {
            return false;
        }
    },
    isExecutable(file) {
        if (process.platform === 'win32') {
            return true;
        }
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    },
    makeExecutable(file) {
        try {
            fs.chmodSync(file, 0o755);
            return nodeProbe.isExecutable(file);
        } catch {
            return false;
        }
    },
    which(program) {
        const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
        const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
        if (process.env.DOTNET_ROOT && program === 'dotnet') {
            dirs.push(process.env.DOTNET_ROOT);
        }
        for (const dir of dirs) {
            for (const name of names) {
                const candidate = path.join(dir, name);
                if (nodeProbe.isFile(candidate) && nodeProbe.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return undefined;
    },
    listRuntimes(dotnet) {
        try {
            return execFileSync(dotnet, ['--list-runtimes'], { encoding: 'utf8', timeout: 10000, stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
        }
    },
};

/** The home folder, for `~` in paths. */
export function homeDir(): string {
    return os.homedir();
}
