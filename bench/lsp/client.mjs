// The benchmark's LSP client: spawns a server, speaks JSON-RPC over its stdio through vscode-jsonrpc and times what an editor waits for.
//
// One `measure()` call is one server process: cold start (spawn → initialize result), didOpen → first
// publishDiagnostics, then `edits` didChange notifications, each timed to the first publishDiagnostics whose
// version is at least the edit's version, and the server's peak resident memory (VmHWM) read before shutdown.
// Edits alternate between inserting a statement line at the file's edit line and removing it again, so every
// second version equals the original text; they are incremental when the server offers incremental sync.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node';

/** Reads one `Vm…:  N kB` field of /proc/PID/status in KiB, or null when the process is gone. */
export function procStatusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

/** Busy CPU time of the whole machine in ms (user, nice, system, irq, softirq, steal; USER_HZ = 100). */
function machineBusyMs() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] || 0)) * 10;
}

/** CPU time (user + system) a process has used so far in ms, or null when it is gone. */
function processCpuMs(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return null; }
}

/** Median, p95 (nearest rank), min, max and count of a list of milliseconds. */
export function summarize(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.95 * s.length) - 1))];
  const r = (x) => Math.round(x * 100) / 100;
  return { n: s.length, median: r(median), p95: r(p95), min: r(s[0]), max: r(s[s.length - 1]) };
}

/** Starts a server and initializes it; returns the connection, the child, the cold start and the sync kind. */
export async function startServer({ cmd, args, root, timeoutMs = 30000, stderr = 'ignore' }) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: root, stdio: ['pipe', 'pipe', stderr] });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const failed = new Promise((_, rej) => child.on('error', (e) => rej(new Error(`cannot start ${cmd}: ${e.message}`))));
  child.stdin.on('error', () => { /* a dead server shows up as a missing answer */ });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const rootUri = pathToFileURL(root).href;
  // Answer the requests servers commonly make, so none of them waits on us.
  conn.onRequest((method, params) => {
    if (method === 'workspace/configuration') return (params?.items ?? []).map(() => null);
    if (method === 'workspace/workspaceFolders') return [{ uri: rootUri, name: basename(root) }];
    return null;
  });
  conn.onNotification(() => { /* logMessage, progress, telemetry: not measured */ });
  conn.listen();
  const init = conn.sendRequest('initialize', {
    processId: process.pid,
    clientInfo: { name: 'codenode-bench', version: '1' },
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: basename(root) }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } },
    },
  });
  const timeout = new Promise((_, rej) => setTimeout(() => rej(new Error(`no initialize result within ${timeoutMs} ms`)), timeoutMs).unref());
  const died = exited.then((e) => { throw new Error(`server exited during initialize (code ${e.code}, signal ${e.signal})`); });
  const result = await Promise.race([init, failed, died, timeout]);
  const coldStartMs = performance.now() - t0;
  // CPU time is far less sensitive to a busy machine than wall time, so it is kept beside it.
  const coldStartCpuMs = processCpuMs(child.pid);
  conn.sendNotification('initialized', {});
  const sync = result?.capabilities?.textDocumentSync;
  const syncKind = typeof sync === 'number' ? sync : (sync?.change ?? 1);
  return { conn, child, exited, coldStartMs, coldStartCpuMs, syncKind, serverInfo: result?.serverInfo ?? null };
}

/** Sends shutdown and exit and waits (at most 5 s) for the process to end; kills it otherwise. */
export async function stopServer({ conn, child, exited }) {
  const late = (ms) => new Promise((res) => setTimeout(() => res('late'), ms).unref());
  try {
    await Promise.race([conn.sendRequest('shutdown'), late(5000)]);
    await conn.sendNotification('exit');
  } catch { /* already gone */ }
  if ((await Promise.race([exited, late(5000)])) === 'late') child.kill('SIGKILL');
  conn.dispose();
  // Node keeps the pipes to a dead child open, and an open pipe keeps the benchmark process alive.
  child.stdin.destroy();
  child.stdout.destroy();
}

/**
 * Measures one server on one file (see the file comment). `file` is an entry of files.json (or its pyright
 * part with the languageId added); returns plain numbers in ms and KiB, with `ok: false` and `error` on failure.
 */
export async function measure({ cmd, args, file, edits, warmup, timeoutMs = 60000 }) {
  const uri = pathToFileURL(file.file).href;
  const out = { ok: false, coldStartMs: null, openMs: null, change: null, peakKiB: null, diagnosticsAfterOpen: null, stalePublications: 0, othersBusyPct: null };
  const busy0 = machineBusyMs();
  const cpu0 = process.cpuUsage();
  const tStart = performance.now();
  let server;
  try {
    server = await startServer({ cmd, args, root: file.root });
    out.coldStartMs = server.coldStartMs;
    out.serverInfo = server.serverInfo;
    const { conn } = server;
    // Publications for our document: time, version and count; a waiter is woken on each one.
    const pubs = [];
    let wake = null;
    let newestVersion = -1;
    conn.onNotification('textDocument/publishDiagnostics', (p) => {
      if (decodeURIComponent(p.uri) !== decodeURIComponent(uri)) return;
      if (p.version != null) {
        if (p.version < newestVersion) out.stalePublications++;
        newestVersion = Math.max(newestVersion, p.version);
      }
      pubs.push({ t: performance.now(), version: p.version, count: p.diagnostics.length });
      wake?.();
    });
    const waitFor = async (t0, version) => {
      const deadline = t0 + timeoutMs;
      for (;;) {
        const hit = pubs.find((p) => p.t >= t0 && (p.version == null || p.version >= version));
        if (hit) return hit;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no diagnostics for version ${version} within ${timeoutMs} ms`);
        await new Promise((res) => { const to = setTimeout(res, left); wake = () => { clearTimeout(to); wake = null; res(); }; });
      }
    };

    let text = readFileSync(file.file, 'utf8');
    let version = 1;
    let t0 = performance.now();
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: file.languageId, version, text } });
    const opened = await waitFor(t0, version);
    out.openMs = opened.t - t0;
    out.diagnosticsAfterOpen = opened.count;

    const lines = text.split('\n');
    const times = [];
    for (let k = 1; k <= warmup + edits; k++) {
      const inserting = k % 2 === 1;
      const line = `${file.editIndent}bench_edit_${k} = ${k}`;
      let change;
      if (inserting) {
        change = { range: { start: { line: file.editLine, character: 0 }, end: { line: file.editLine, character: 0 } }, text: line + '\n' };
        lines.splice(file.editLine, 0, line);
      } else {
        change = { range: { start: { line: file.editLine, character: 0 }, end: { line: file.editLine + 1, character: 0 } }, text: '' };
        lines.splice(file.editLine, 1);
      }
      text = lines.join('\n');
      version++;
      t0 = performance.now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: server.syncKind === 2 ? [change] : [{ text }],
      });
      const hit = await waitFor(t0, version);
      if (k > warmup) times.push(hit.t - t0);
    }
    out.change = summarize(times);
    out.syncUsed = server.syncKind === 2 ? 'incremental' : 'full';
    out.diagnosticsAtEnd = pubs[pubs.length - 1]?.count ?? null;
    out.peakKiB = procStatusKb(server.child.pid, 'VmHWM');
    out.cpuMs = processCpuMs(server.child.pid);
    // Busy time of every other process during the run, as a share of all cores: above a few % the numbers are noisy.
    const wall = performance.now() - tStart;
    const own = process.cpuUsage(cpu0);
    const others = machineBusyMs() - busy0 - (out.cpuMs ?? 0) - (own.user + own.system) / 1000;
    out.othersBusyPct = Math.max(0, Math.round((100 * others) / (wall * cpus().length)));
    out.ok = true;
  } catch (e) {
    out.error = String(e?.message ?? e);
  } finally {
    if (server) await stopServer(server);
  }
  return out;
}

/** Cold start alone: spawn → initialize result, `runs` times in a row, each server shut down before the next. */
export async function coldStarts({ cmd, args, root, runs }) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServer({ cmd, args, root });
    times.push(server.coldStartMs);
    if (server.coldStartCpuMs != null) cpu.push(server.coldStartCpuMs);
    await stopServer(server);
  }
  return { ...summarize(times), cpuMedian: summarize(cpu)?.median ?? null };
}
