#!/usr/bin/env node
// The LSP benchmark: every generated code node against our server and against pyright, same client, same files, same run.
//
// Usage:
//   node bench/lsp/bench.mjs --files DIR/files.json --ours "CMD ARGS" [--pyright PATH] [--edits 40] [--pyright-edits 20]
//                            [--cold-runs 10] [--only stackai,pflow] [--out results.json]
// Without --pyright only our server is measured. Results go to --out as JSON (read by bench/report.mjs) and a
// one-line summary per measurement goes to stderr while it runs.

import { readFileSync, writeFileSync } from 'node:fs';
import { measure, coldStarts } from './client.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const files = opt('--files', null);
const ours = opt('--ours', null);
if (!files || !ours) {
  process.stderr.write('usage: node bench/lsp/bench.mjs --files files.json --ours "CMD ARGS" [--pyright PATH] [--edits N] [--pyright-edits N] [--cold-runs N] [--only DIALECTS] [--out FILE]\n');
  process.exit(64);
}
const edits = Number(opt('--edits', '40'));
const pyrightEdits = Number(opt('--pyright-edits', '20'));
const coldRuns = Number(opt('--cold-runs', '10'));
const only = opt('--only', null)?.split(',');
const pyright = opt('--pyright', null);
const [oursCmd, ...oursArgs] = ours.split(' ').filter(Boolean);
const servers = [{ name: 'codenode', cmd: oursCmd, args: oursArgs, edits, pick: (f) => f }];
if (pyright) {
  // pyright runs on node itself (not through its bin script), so VmHWM is the language server's own process.
  servers.push({
    name: 'pyright', cmd: process.execPath, args: [pyright, '--stdio'],
    // The 10,000-line files take seconds per change in pyright; fewer edits keep the run short and the median stable.
    edits: pyrightEdits,
    pick: (f) => ({ ...f.pyright, languageId: 'python' }),
  });
}

const suite = JSON.parse(readFileSync(files, 'utf8'));
const results = { startedAt: new Date().toISOString(), edits, pyrightEdits, coldRuns, cold: {}, rows: [] };
for (const s of servers) {
  // Cold start is measured on its own, several times, in the smallest file's folder (no document is opened).
  results.cold[s.name] = await coldStarts({ cmd: s.cmd, args: s.args, root: suite.files[0].root, runs: coldRuns });
  process.stderr.write(`${s.name}: cold start ${JSON.stringify(results.cold[s.name])}\n`);
}
for (const f of suite.files) {
  if (only && !only.includes(f.dialect)) continue;
  const row = { dialect: f.dialect, lines: f.lines, bytes: f.bytes };
  for (const s of servers) {
    const n = f.lines >= 10000 ? Math.max(6, Math.round(s.edits / 2)) : s.edits;
    row[s.name] = await measure({ cmd: s.cmd, args: s.args, file: s.pick(f), edits: n, warmup: 2 });
    const r = row[s.name];
    process.stderr.write(`${s.name} ${f.dialect} ${f.lines}: ${r.ok ? `open ${r.openMs.toFixed(1)} ms, change median ${r.change.median} p95 ${r.change.p95} ms, peak ${(r.peakKiB / 1024).toFixed(1)} MiB, diags ${r.diagnosticsAfterOpen}, others busy ${r.othersBusyPct}%` : `FAILED ${r.error}`}\n`);
  }
  results.rows.push(row);
}
const text = JSON.stringify(results, null, 1);
if (opt('--out', null)) writeFileSync(opt('--out'), text); else process.stdout.write(text + '\n');
