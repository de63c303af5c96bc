#!/usr/bin/env node
// Warm-run benchmark: `codenode.run` of a trivial node through a running server (stdio, vscode-jsonrpc) against `python3 node.py`.
//
// Usage: node bench/lsp/run.mjs --ours "CMD ARGS" --out DIR [--runs 30] [--gap 300]
// Writes DIR/sections/20-run.md and adds the warm-run figure to DIR/targets.json (read by bench/report.mjs).
// The node is a Stack AI pragma file whose main(args) returns a small dict; the first run starts the interpreter
// and is not timed (the server keeps it warm, as the editor's runs do). The reference spawns `python3` from PATH
// on a script that defines the same main, calls it and prints its JSON: what a user's terminal does.
// Each run uses a fresh interpreter and the server starts the next one after answering, so runs are timed twice:
// spaced --gap ms apart, as a person's runs are (the figure held against the target), and back to back, where each
// run also waits for the next interpreter to finish starting (shown so that cost is not hidden).

import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startServer, stopServer, summarize } from './client.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const ours = opt('--ours', null);
const out = opt('--out', null);
const runs = Number(opt('--runs', '30'));
const gap = Number(opt('--gap', '300'));
if (!ours || !out) { process.stderr.write('usage: node bench/lsp/run.mjs --ours "CMD ARGS" --out DIR [--runs N]\n'); process.exit(64); }

const dir = mkdtempSync(join(tmpdir(), 'codenode-runbench-'));
const code = 'def main(args):\n    return {"ok": True, "n": len(args)}\n';
const file = join(dir, 'node.py');
writeFileSync(file, '# codenode: stackai\n' + code);
writeFileSync(join(dir, 'plain.py'), 'import json\n' + code + 'print(json.dumps(main({})))\n');

// ---- ours: executeCommand codenode.run, request → response
const [cmd, ...args] = ours.split(' ').filter(Boolean);
const server = await startServer({ cmd, args, root: dir });
const uri = pathToFileURL(file).href;
server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(file, 'utf8') } });
const run = () => server.conn.sendRequest('workspace/executeCommand', { command: 'codenode.run', arguments: [{ uri }] });
const first = await run();
const oursMs = [];
const burstMs = [];
let last = first;
for (let i = 0; i < runs; i++) {
  await new Promise((resolve) => setTimeout(resolve, gap));
  const t0 = performance.now();
  last = await run();
  oursMs.push(performance.now() - t0);
}
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await run();
  burstMs.push(performance.now() - t0);
}
await stopServer(server);

// ---- reference: python3 node.py, spawn → exit
const pyMs = [];
let pyOut = '';
for (let i = 0; i < Math.min(runs, 20); i++) {
  const t0 = performance.now();
  const r = spawnSync('python3', [join(dir, 'plain.py')], { encoding: 'utf8' });
  pyMs.push(performance.now() - t0);
  pyOut = r.stdout.trim();
}

const o = summarize(oursMs);
const b = summarize(burstMs);
const p = summarize(pyMs);
const ok = JSON.stringify(last).includes('"ok"');
const lines = [
  '## Run of a trivial node: warm server against `python3 node.py`',
  '',
  '`bench/lsp/run.mjs`: a Stack AI pragma node whose `main(args)` returns a small dict, run through the server with',
  '`workspace/executeCommand` `codenode.run` (request → response over stdio, the interpreter kept warm by the server;',
  `the first run starts it and is not timed), ${runs} timed runs ${gap} ms apart and ${runs} back to back; then`,
  '`python3 plain.py` (the same main, called and printed) spawned from PATH, spawn → exit. Every run gets a fresh',
  'interpreter that the server started after the previous run answered, so back-to-back runs also wait for that',
  'start-up; runs spaced like a person\'s find it ready. The spaced median is the figure held against the target.',
  '',
  '| what | median ms | p95 ms | min ms | runs |',
  '|---|---:|---:|---:|---:|',
  `| codenode.run, warm server, runs ${gap} ms apart | ${o.median} | ${o.p95} | ${o.min} | ${o.n} |`,
  `| codenode.run, warm server, back to back | ${b.median} | ${b.p95} | ${b.min} | ${b.n} |`,
  `| python3 node.py | ${p.median} | ${p.p95} | ${p.min} | ${p.n} |`,
  '',
  ok ? `The run's result: \`${JSON.stringify(last).slice(0, 160)}\`; python printed \`${pyOut}\`.`
    : `**The run did not return the node's result**: \`${JSON.stringify(last).slice(0, 300)}\`.`,
];
mkdirSync(join(out, 'sections'), { recursive: true });
writeFileSync(join(out, 'sections', '20-run.md'), lines.join('\n') + '\n');
const targetsFile = join(out, 'targets.json');
const data = existsSync(targetsFile) ? JSON.parse(readFileSync(targetsFile, 'utf8')) : { targets: [] };
data.targets = data.targets.filter((t) => t.id !== 'warm-run');
data.targets.push({
  id: 'warm-run', measured: ok ? o.median : null, reference: `python3 node.py ${p.median} ms`,
  reason: ok ? `a warm run (runs ${gap} ms apart) takes ${o.median} ms: the request, the harness round trip to the waiting interpreter and the reply; back to back ${b.median} ms, because each run then waits for the next interpreter to start` : 'the run failed',
});
writeFileSync(targetsFile, JSON.stringify(data, null, 1));
process.stderr.write(`warm run: codenode ${o.median} ms median, python3 ${p.median} ms${ok ? '' : ' (run FAILED)'}\n`);
