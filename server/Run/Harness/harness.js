// The Node.js side of a Stack AI TypeScript run: waits for one job on stdin, calls main(args), answers once.
//
// Same protocol as harness.py (see server/Run/TypeScriptRun.cs and docs/run.md): the job is JSON read to EOF from
// stdin; the answer is one stdout line framed by the job's random nonce, so prints cannot pass for it. Node cannot
// call setsid() itself, so the server starts this file through setsid(1) when it exists. The code arrives already
// transpiled to CommonJS (esbuild, inline source maps), and node runs with --enable-source-maps so stack traces
// name lines of the user's .ts file.
'use strict';

const fs = require('fs');
const Module = require('module');

function readJob() {
  const chunks = [];
  const buffer = Buffer.alloc(65536);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      if (e.code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

class Capped {
  constructor(cap) { this.parts = []; this.kept = 0; this.dropped = 0; this.cap = cap; }
  add(text) {
    const room = this.cap - this.kept;
    if (room >= text.length) { this.parts.push(text); this.kept += text.length; return; }
    if (room > 0) { this.parts.push(text.slice(0, room)); this.kept += room; }
    this.dropped += text.length - Math.max(room, 0);
  }
  value() { return { text: this.parts.join(''), dropped: this.dropped }; }
}

function send(job, reply) {
  let body;
  try {
    body = JSON.stringify(reply);
  } catch (e) {
    body = JSON.stringify({ ok: false, error: 'The run\'s result could not be encoded: ' + e.message });
  }
  const data = Buffer.from('\n@@codenode-result ' + (job.nonce || '') + '@@' + body + '\n', 'utf8');
  let offset = 0;
  while (offset < data.length) offset += fs.writeSync(1, data, offset, data.length - offset);
  process.exit(0);
}

// Why a value is not JSON the way Stack AI needs it (JSON.stringify would silently drop or mangle it), or null.
function jsonProblem(value, path) {
  const t = typeof value;
  if (value === null || t === 'string' || t === 'boolean') return null;
  if (t === 'number') return Number.isFinite(value) ? null : `${path} is ${value}, which JSON cannot represent`;
  if (t === 'undefined') return `${path} is undefined`;
  if (t === 'function') return `${path} is a function`;
  if (t === 'symbol') return `${path} is a symbol`;
  if (t === 'bigint') return `${path} is a BigInt`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value instanceof Date) return null;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = value && value.constructor && value.constructor.name ? value.constructor.name : 'object';
    return `${path} is a ${name}, not a plain object`;
  }
  for (const key of Object.keys(value)) {
    const p = jsonProblem(value[key], `${path}.${key}`);
    if (p) return p;
  }
  return null;
}

function userLine(error, file) {
  const stack = String((error && error.stack) || '');
  for (const line of stack.split('\n')) {
    const at = line.indexOf(file + ':');
    if (at < 0) continue;
    const m = /^:(\d+):(\d+)/.exec(line.slice(at + file.length));
    if (m) return Number(m[1]);
  }
  return null;
}

function errorText(error, file) {
  if (!(error instanceof Error)) return 'Uncaught ' + String(error);
  // Keep the message and the frames of the user's file; the harness's own frames say nothing to the user.
  const lines = String(error.stack || error.message).split('\n');
  const head = [];
  const frames = [];
  for (const line of lines) {
    if (/^\s+at /.test(line)) { if (line.includes(file)) frames.push(line); } else if (frames.length === 0) head.push(line);
  }
  return head.concat(frames).join('\n');
}

// Stack AI's sandbox has only the declared packages: a bare specifier is looked up in the dependency environments
// (the node_modules folders given), and a package inside one of them looks only inside that environment, so no
// node_modules above the cache (~/node_modules), no NODE_PATH and none of Node's global folders is ever consulted.
// Relative and absolute paths and built-ins resolve as usual.
function confineResolution(nodePaths) {
  const path = require('path');
  const roots = nodePaths.map((p) => path.resolve(p));
  const original = Module._resolveLookupPaths;
  delete process.env.NODE_PATH;
  Module._resolveLookupPaths = function (request, parent) {
    if (/^(\.\.?(\/|\\|$)|\/)/.test(request) || path.isAbsolute(request)) return original.call(this, request, parent);
    const from = parent && parent.filename ? path.dirname(parent.filename) : null;
    const home = from && roots.find((r) => from === r || from.startsWith(r + path.sep));
    if (!home) return roots.slice();
    const envRoot = path.dirname(home);
    return Module._nodeModulePaths(from).filter((p) => p === home || p.startsWith(envRoot + path.sep));
  };
}

async function main() {
  let job = {};
  try {
    job = readJob();
    if (job.cwd) process.chdir(job.cwd);
    if (job.isolated) {
      confineResolution(Array.isArray(job.nodePaths) ? job.nodePaths : []);
    } else if (Array.isArray(job.nodePaths) && job.nodePaths.length > 0) {
      process.env.NODE_PATH = job.nodePaths.join(require('path').delimiter);
      Module._initPaths();
    }
    const out = new Capped(job.cap || 1048576);
    const err = new Capped(job.cap || 1048576);
    const capture = (sink) => (chunk, encoding, callback) => {
      sink.add(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') cb();
      return true;
    };
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    const file = job.filename || '<node>';
    let value;
    try {
      const loaded = require(job.jsPath);
      const entry = loaded.__codenode_main || loaded.main || (loaded.default && loaded.default.main) ||
        (typeof loaded.default === 'function' ? loaded.default : undefined);
      if (typeof entry !== 'function') {
        send(job, { ok: false, stage: 'load', error: 'The code must define a function main(args) at the top level', result: null, stdout: out.value(), stderr: err.value() });
      }
      value = await entry(job.args || {});
    } catch (e) {
      send(job, { ok: false, stage: 'main', error: errorText(e, file), codeLine: userLine(e, file), result: null, stdout: out.value(), stderr: err.value(), exception: true });
    }
    const reply = { stdout: out.value(), stderr: err.value() };
    if (value === undefined || value === null) {
      send(job, Object.assign(reply, { ok: false, stage: 'output', result: null,
        error: `main() returned ${value === null ? 'null' : 'undefined'}; the output must be JSON: return an object or a JSON.stringify(...) string` }));
    }
    const problem = jsonProblem(value, 'the output');
    if (problem) {
      send(job, Object.assign(reply, { ok: false, stage: 'output', result: null, error: `The output of main() is not JSON: ${problem}` }));
    }
    if (typeof value === 'string') {
      try {
        send(job, Object.assign(reply, { ok: true, result: value, output: JSON.parse(value) }));
      } catch (e) {
        send(job, Object.assign(reply, { ok: false, stage: 'output', result: value,
          error: 'main() returned a string that is not JSON text; return an object or JSON.stringify(...) of the value' }));
      }
    }
    send(job, Object.assign(reply, { ok: true, result: value, output: JSON.parse(JSON.stringify(value)) }));
  } catch (e) {
    send(job, { ok: false, error: 'The run harness failed: ' + (e && e.message ? e.message : String(e)) });
  }
}

main();
