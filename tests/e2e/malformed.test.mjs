// End-to-end: the built server survives garbage bytes, a wrong Content-Length, invalid JSON, unknown methods and early requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, frame, rawMessages } from './server.mjs';

const init = (id) => frame({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

test('a request before initialize gets -32002 and the server still initializes', async (t) => {
  const { child } = startServer();
  t.after(() => child.kill());
  const out = rawMessages(child.stdout);
  child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} }));
  assert.equal((await out.waitFor((m) => m.id === 1)).error.code, -32002);
  child.stdin.write(init(2));
  assert.ok((await out.waitFor((m) => m.id === 2)).result.capabilities);
});

test('garbage bytes, invalid JSON, an unknown method and a wrong Content-Length are survived', async (t) => {
  const { child, exited } = startServer();
  t.after(() => child.kill());
  const out = rawMessages(child.stdout);
  child.stdin.write(Buffer.from([0, 255, 254, 10, 13, 7, 0x41, 0x42]));
  child.stdin.write(Buffer.from('this is not a header\r\n\r\n', 'ascii'));
  child.stdin.write(init(1));
  assert.ok((await out.waitFor((m) => m.id === 1)).result);

  child.stdin.write(frame('{"jsonrpc":"2.0","id":2,"method":'));
  const parseError = await out.waitFor((m) => m.error?.code === -32700);
  assert.equal(parseError.id, null);

  child.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'codenode/doesNotExist', params: {} }));
  assert.equal((await out.waitFor((m) => m.id === 3)).error.code, -32601);

  // A Content-Length shorter than the body: the cut body is a parse error, the rest is skipped as a bad header,
  // and the next well-framed request is answered.
  const body = JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'shutdown' });
  child.stdin.write(frame(body, body.length - 10));
  child.stdin.write(frame({ jsonrpc: '2.0', id: 5, method: 'workspace/executeCommand', params: { command: 'codenode.rules' } }));
  assert.ok(Array.isArray((await out.waitFor((m) => m.id === 5)).result));

  child.stdin.write(frame({ jsonrpc: '2.0', id: 6, method: 'shutdown' }));
  await out.waitFor((m) => m.id === 6);
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
  assert.equal(await exited, 0);
});

test('a huge document and deeply nested JSON params do not crash the server', async (t) => {
  const { child, exited } = startServer();
  t.after(() => child.kill());
  const out = rawMessages(child.stdout);
  child.stdin.write(init(1));
  await out.waitFor((m) => m.id === 1);
  const nested = '['.repeat(100000) + ']'.repeat(100000);
  child.stdin.write(frame(`{"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":${nested}}`));
  const deep = await out.waitFor((m) => m.id === 2 || (m.id === null && m.error));
  assert.ok(deep.error, 'deep nesting is answered with an error');
  const text = '# codenode: voxworks\n' + 'x = 1\n'.repeat(2_000_000);
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///tmp/big.py', languageId: 'python', version: 1, text } } }));
  child.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' }));
  await out.waitFor((m) => m.id === 3, 60000);
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
  assert.equal(await exited, 0);
});
