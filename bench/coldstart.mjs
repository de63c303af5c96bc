// Cold-start benchmark: spawns a language server N times and measures spawn -> initialize result (median, min, p90).
// Usage: node bench/coldstart.mjs [--runs N] [--pyright] [--tiering] [--markdown FILE] [--label NAME -- COMMAND ARGS...]
// Without a command it measures the built server (Release codenode.dll via dotnet, the apphost, and the ReadyToRun
// publish when present; --tiering adds runtime tiering variants of it). With --pyright it also measures pyright-langserver from bench/.pyright (installed by
// `npm install --prefix bench/.pyright pyright@1.1.414` when missing).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 20;

function frame(obj) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** One start: milliseconds from spawn to the initialize response, then a clean shutdown. */
function once(command, commandArgs, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, ...env } });
    let buffer = Buffer.alloc(0);
    let elapsed = null;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} did not answer initialize in 30 s`)); }, 30000);
    child.on('error', reject);
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
        buffer = buffer.subarray(end + 4 + length);
        if (message.id === 1 && elapsed === null) {
          elapsed = Number(process.hrtime.bigint() - started) / 1e6;
          child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
        } else if (message.id === 2) {
          child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
        }
      }
    });
    child.on('exit', () => { clearTimeout(timer); elapsed === null ? reject(new Error(`${command} exited before initialize`)) : resolve(elapsed); });
    child.stdin.on('error', () => {});
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
  });
}

const rows = [];

async function measure(label, command, commandArgs, env = {}) {
  await once(command, commandArgs, env); // warm the OS file cache; not counted
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(command, commandArgs, env));
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const row = { label, median: at(0.5), min: times[0], p90: at(0.9) };
  rows.push(row);
  console.log(`${label.padEnd(44)} median ${row.median.toFixed(1).padStart(7)} ms   min ${row.min.toFixed(1).padStart(7)} ms   p90 ${row.p90.toFixed(1).padStart(7)} ms   (${runs} runs)`);
  return row;
}

const sep = args.indexOf('--');
if (sep >= 0) {
  const label = args.includes('--label') ? args[args.indexOf('--label') + 1] : args[sep + 1];
  await measure(label, args[sep + 1], args.slice(sep + 2));
} else {
  const release = path.join(root, 'server/bin/Release/net10.0');
  if (!existsSync(path.join(release, 'codenode.dll'))) throw new Error('Build first: dotnet build server -c Release');
  await measure('codenode: dotnet codenode.dll lsp', 'dotnet', [path.join(release, 'codenode.dll'), 'lsp']);
  await measure('codenode: apphost (bin/Release/codenode lsp)', path.join(release, 'codenode'), ['lsp']);
  const r2r = path.join(root, 'artifacts/r2r/codenode');
  if (existsSync(r2r)) {
    await measure('codenode: ReadyToRun publish (apphost)', r2r, ['lsp']);
    if (args.includes('--tiering')) {
      await measure('codenode: R2R, DOTNET_TieredPGO=0', r2r, ['lsp'], { DOTNET_TieredPGO: '0' });
      await measure('codenode: R2R, DOTNET_TieredCompilation=0', r2r, ['lsp'], { DOTNET_TieredCompilation: '0' });
      await measure('codenode: R2R, DOTNET_ReadyToRun=0 (JIT all)', r2r, ['lsp'], { DOTNET_ReadyToRun: '0' });
    }
  } else console.log('(no ReadyToRun build: bash bench/publish-r2r.sh makes artifacts/r2r)');
  if (args.includes('--pyright')) {
    const prefix = path.join(root, 'bench/.pyright');
    const bin = path.join(prefix, 'node_modules/pyright/langserver.index.js');
    if (!existsSync(bin)) execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, 'pyright@1.1.414'], { stdio: 'inherit' });
    await measure('pyright-langserver 1.1.414 --stdio', process.execPath, [bin, '--stdio']);
  }
}

// --markdown FILE: the same figures as a section of docs/BENCHMARKS.md (used by bench/sections/coldstart.sh).
if (args.includes('--markdown')) {
  const file = args[args.indexOf('--markdown') + 1];
  const ms = (x) => x.toFixed(1);
  const lines = [
    '## Cold start: spawn → `initialize` result, by build variant',
    '',
    `\`bench/coldstart.mjs\` (${runs} starts per variant after one unmeasured warm-up): time from spawning the server to the \`initialize\` response, measured side by side in one run. The ReadyToRun build (\`bench/publish-r2r.sh\`) is what the VS Code extension bundles (\`client/package.sh\`); the framework-dependent builds JIT-compile at start.`,
    '',
    'For cold start the server recognises `lsp`/`--stdio` before System.CommandLine builds its tree, reads and writes `initialize` by hand (no reflection-based serializer on the first message), JIT-compiles the JSON reader and finds the commands on another core while the main thread builds the server, keys its pending-request tables by string (precompiled generic code), and creates the console error writer only when something is logged.',
    '',
    '| variant | median ms | min ms | p90 ms |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.p90)} |`),
    '',
    `Target: ≤ 100 ms (SPEC §6; pyright measured 181 ms on an idle machine). Machine load while measuring (1-minute load average, ${os.cpus().length} cores): ${os.loadavg()[0].toFixed(2)}.`,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
}
