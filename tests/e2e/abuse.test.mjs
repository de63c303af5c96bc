// Protocol abuse against the built server process: broken framing and JSON, a 50 MB message, lifecycle misuse, bad edits, bursts, cancellation and memory over 10,000 edits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, startConnection, frame, rawMessages } from './server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'codenode-abuse-'));
const rootUri = pathToFileURL(dir).href;
const uri = pathToFileURL(path.join(dir, 'node.py')).href;
const initParams = { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'abuse' }] };
// A pragma naming no known dialect gets MF005; naming a real one does not: text whose diagnostics show its version.
const GOOD = '# codenode: voxworks\ndef run():\n    return True\n';
const BAD = '# codenode: nosuchdialect\ndef run():\n    return True\n';
const hasMf005 = (p) => p.diagnostics.some((d) => d.code === 'MF005');

/** Resident memory of a process in KiB (VmRSS), read from /proc. */
const rssKb = (pid) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

// Every server a test starts is killed at the end, so a failed test cannot leave one running.
const children = [];
after(() => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

/** A raw server: bytes in, framed messages out, for the tests that must send what no client library would. */
function raw() {
  const server = startServer();
  children.push(server.child);
  const out = rawMessages(server.child.stdout);
  const send = (bytes) => server.child.stdin.write(bytes);
  const request = (id, method, params) => send(frame({ jsonrpc: '2.0', id, method, params }));
  const notify = (method, params) => send(frame({ jsonrpc: '2.0', method, params }));
  return { ...server, ...out, send, request, notify };
}

/**
 * Initializes a vscode-jsonrpc connection and opens `text` as node.py. vscode-jsonrpc keeps one handler per
 * method, so one handler records every publication for node.py and `published(version)` waits on that record.
 */
async function opened(text = GOOD) {
  const s = startConnection();
  children.push(s.child);
  const pubs = [];
  let wake = () => {};
  s.connection.onNotification('textDocument/publishDiagnostics', (p) => { if (p.uri === uri) { pubs.push(p); wake(); } });
  s.pubs = pubs;
  s.published = (predicate, timeoutMs = 30000) => new Promise((resolve, reject) => {
    const test = typeof predicate === 'number' ? (p) => p.version === predicate : predicate;
    const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics; got versions ${pubs.map((p) => p.version).join(',')}`)), timeoutMs);
    const check = () => { const hit = pubs.find(test); if (hit) { clearTimeout(timer); resolve(hit); return true; } return false; };
    if (!check()) { const prev = wake; wake = () => { prev(); check(); }; }
  });
  await s.connection.sendRequest('initialize', initParams);
  s.connection.sendNotification('initialized', {});
  s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  await s.published(1);
  return s;
}

async function shutdown(s) {
  await s.connection.sendRequest('shutdown');
  s.connection.sendNotification('exit');
  assert.equal(await s.exited, 0, s.stderr());
}

test('malformed headers and JSON are skipped and the server keeps answering', async () => {
  const s = raw();
  s.send(Buffer.from('garbage without any header at all\r\n\r\n', 'ascii'));
  s.send(Buffer.from('Content-Length: banana\r\n\r\n', 'ascii'));
  s.send(Buffer.from('Content-Type: application/json\r\n\r\n', 'ascii'));
  s.send(Buffer.from('Content-Length: -5\r\n\r\n', 'ascii'));
  s.send(frame('{"jsonrpc":"2.0","id":1,"method":'));
  s.send(frame('[1,2,3]'));
  s.send(frame('"just a string"'));
  s.send(frame({ jsonrpc: '2.0', id: { nested: true }, method: 'initialize' }));
  s.send(frame({ jsonrpc: '2.0', id: 2, method: 42 }));
  s.send(frame('{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}\u0000trailing'));
  s.request(10, 'initialize', initParams);
  const init = await s.waitFor((m) => m.id === 10);
  assert.ok(init.result?.capabilities, JSON.stringify(init));
  // Whatever was answered to the junk is an error, never a result.
  for (const m of s.messages.filter((x) => x.id !== 10 && !x.method)) assert.ok(m.error, JSON.stringify(m));
  s.request(11, 'shutdown', null);
  await s.waitFor((m) => m.id === 11);
  s.notify('exit');
  assert.equal(await s.exited, 0, s.stderr());
});

test('a 50 MB message is read whole and the server still answers afterwards', async () => {
  const s = await opened();
  const big = '# codenode: nosuchdialect\n' + 'x = 1  # padding padding padding padding padding\n'.repeat(50 * 1024 * 1024 / 50);
  s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: big }] });
  assert.ok(hasMf005(await s.published(2, 60000)));
  // A 50 MB body that is not JSON at all.
  s.child.stdin.write(frame('{' + ' '.repeat(50 * 1024 * 1024)));
  const hover = await s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
  assert.ok(hover === null || typeof hover === 'object');
  await shutdown(s);
});

test('shutdown and notifications before initialize are refused or dropped, and a second initialize is refused', async () => {
  const s = raw();
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: BAD } });
  s.request(2, 'shutdown', null);
  assert.equal((await s.waitFor((m) => m.id === 2)).error?.code, -32002);
  s.request(3, 'initialize', initParams);
  assert.ok((await s.waitFor((m) => m.id === 3)).result);
  s.request(4, 'initialize', initParams);
  assert.equal((await s.waitFor((m) => m.id === 4)).error?.code, -32600, 'a second initialize is refused');
  s.request(5, 'shutdown', null);
  await s.waitFor((m) => m.id === 5);
  s.notify('exit');
  assert.equal(await s.exited, 0);
});

test('after shutdown every request is refused, and exit ends the process with 0', async () => {
  const s = await opened();
  assert.equal(await s.connection.sendRequest('shutdown'), null);
  for (const method of ['textDocument/hover', 'textDocument/completion', 'shutdown', 'initialize']) {
    await assert.rejects(s.connection.sendRequest(method, { textDocument: { uri }, position: { line: 0, character: 0 } }), (e) => e.code === -32600, method);
  }
  s.connection.sendNotification('exit');
  assert.equal(await s.exited, 0, s.stderr());
});

test('edits out of range and edits of closed or unknown documents neither crash nor corrupt the document', async () => {
  const s = await opened(GOOD);
  const c = s.connection;
  // Each bad range stays clear of the pragma on line 0: a file without one is no code node and gets no diagnostics.
  const far = { start: { line: 9999, character: 0 }, end: { line: 10000, character: 5 } };
  const inverted = { start: { line: 2, character: 10 }, end: { line: 1, character: 0 } };
  const negative = { start: { line: -1, character: -4 }, end: { line: -1, character: 0 } };
  let version = 1;
  for (const range of [far, inverted, negative, { start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }]) {
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: '' }] });
    await s.published(version);
  }
  // The document still takes a well-formed edit and its diagnostics follow the text.
  c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: BAD }] });
  assert.ok(hasMf005(await s.published(version)));
  const other = pathToFileURL(path.join(dir, 'never-opened.py')).href;
  c.sendNotification('textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ range: far, text: 'x' }] });
  c.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
  c.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await s.published((p) => p.diagnostics.length === 0);
  c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 99 }, contentChanges: [{ text: BAD }] });
  await assert.doesNotReject(c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }));
  await shutdown(s);
});

test('1,000 didChange in a burst: the last version wins and no stale version is published after a newer one', async () => {
  const s = await opened(GOOD);
  const last = 1001;
  for (let v = 2; v <= last; v++) {
    // Versions alternate between good and bad text; the last one (odd) is bad.
    s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: v % 2 ? BAD : GOOD }] });
  }
  const final = await s.published(last, 60000);
  assert.ok(hasMf005(final), 'the last version (bad text) has its diagnostic');
  await new Promise((r) => setTimeout(r, 300));
  const seen = s.pubs.filter((p) => p.version > 1);
  const versions = seen.map((p) => p.version);
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);
  assert.equal(versions.at(-1), last);
  for (const p of seen) assert.equal(hasMf005(p), p.version % 2 === 1, `version ${p.version} has the diagnostics of another version`);
  await shutdown(s);
});

test('every request kind can be cancelled and is still answered exactly once', async () => {
  const s = raw();
  s.request(1, 'initialize', initParams);
  await s.waitFor((m) => m.id === 1);
  s.notify('initialized', {});
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: BAD } });
  await s.waitFor((m) => m.method === 'textDocument/publishDiagnostics');
  const pos = { textDocument: { uri }, position: { line: 0, character: 3 } };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  const kinds = [
    ['textDocument/hover', pos], ['textDocument/completion', pos], ['textDocument/definition', pos],
    ['textDocument/documentSymbol', { textDocument: { uri } }], ['textDocument/codeLens', { textDocument: { uri } }],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }],
    ['workspace/executeCommand', { command: 'codenode.rules', arguments: [] }],
    ['no/suchMethod', {}],
  ];
  let id = 100;
  const ids = [];
  for (const [method, params] of kinds) {
    // Cancel before and after the request is read: both orders must end in exactly one answer.
    for (const cancelFirst of [false, true]) {
      const rid = ++id;
      ids.push([rid, method]);
      if (cancelFirst) s.notify('$/cancelRequest', { id: rid });
      s.request(rid, method, params);
      if (!cancelFirst) s.notify('$/cancelRequest', { id: rid });
    }
  }
  // Answers may come in any order: wait for each one, then for anything late, then count.
  for (const [rid, method] of ids) await s.waitFor((m) => m.id === rid && !m.method).catch(() => assert.fail(`${method} (id ${rid}) never answered`));
  s.request(999, 'shutdown', null);
  await s.waitFor((m) => m.id === 999);
  for (const [rid, method] of ids) {
    const answers = s.messages.filter((m) => m.id === rid && !m.method);
    assert.equal(answers.length, 1, `${method} (id ${rid}) answered ${answers.length} times`);
    const a = answers[0];
    assert.ok('result' in a || [-32800, -32601, -32602, -32801].includes(a.error?.code), `${method}: ${JSON.stringify(a)}`);
  }
  s.notify('exit');
  assert.equal(await s.exited, 0);
});

test('10,000 edits leave memory flat', async (t) => {
  const s = await opened(GOOD);
  const c = s.connection;
  let version = 1;
  const edit = async (count) => {
    for (let i = 0; i < count; i++) {
      version++;
      // Insert a line, then remove it: the document alternates between two texts, incrementally.
      const change = version % 2 === 0
        ? { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: `    x_${version} = ${version}\n` }
        : { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' };
      c.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      // Every 100 edits, wait for the server to catch up so the queue does not count as memory.
      if (version % 100 === 0) await s.published(version);
    }
  };
  await edit(1000);
  const before = rssKb(s.child.pid);
  await edit(9000);
  const after = rssKb(s.child.pid);
  t.diagnostic(`VmRSS after 1,000 edits ${before} KiB, after 10,000 edits ${after} KiB`);
  // A leak of even 100 bytes per edit would show as about 1 MB; the bound allows the GC's own variation.
  assert.ok(after - before < 24 * 1024, `VmRSS grew from ${before} KiB to ${after} KiB over 9,000 edits`);
  await shutdown(s);
});
