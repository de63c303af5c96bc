// End-to-end: the built server driven by Microsoft's vscode-jsonrpc through initialize, didOpen, diagnostics, didChange, shutdown and exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startConnection, nextNotification } from './server.mjs';

test('initialize, didOpen a pragma file, diagnostics, didChange, shutdown and exit 0', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-e2e-'));
  const file = path.join(dir, 'node.py');
  writeFileSync(file, '# codenode: nosuchdialect\nx = 1\n');
  const uri = pathToFileURL(file).href;
  const { connection, exited, stderr, child } = startConnection();
  t.after(() => child.kill());

  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'e2e' }],
  });
  assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync is advertised');
  assert.equal(init.serverInfo.name, 'codenode');
  assert.ok(init.capabilities.executeCommandProvider.commands.includes('codenode.rules'));
  connection.sendNotification('initialized', {});

  const first = nextNotification(connection, 'textDocument/publishDiagnostics', (p) => p.uri === uri);
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: '# codenode: nosuchdialect\nx = 1\n' } });
  const published = await first;
  assert.equal(published.version, 1);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['MF005']);
  assert.deepEqual(published.diagnostics[0].range, { start: { line: 0, character: 12 }, end: { line: 0, character: 25 } });

  // Fix the dialect with an incremental edit; the pragma error goes away in version 2.
  const second = nextNotification(connection, 'textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 25 } }, text: 'voxworks' }],
  });
  const after = await second;
  assert.ok(!after.diagnostics.some((d) => d.code === 'MF005'), JSON.stringify(after.diagnostics));

  const cleared = nextNotification(connection, 'textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0 && p.version === undefined);
  connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await cleared;

  assert.equal(await connection.sendRequest('shutdown'), null);
  connection.sendNotification('exit');
  assert.equal(await exited, 0, stderr());
  connection.dispose();
});

test('exit without shutdown ends with code 1', async (t) => {
  const { connection, exited, child } = startConnection();
  t.after(() => child.kill());
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  connection.sendNotification('exit');
  assert.equal(await exited, 1);
  connection.dispose();
});

test('a pflow workflow is a code node and an ordinary Python file gets nothing', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-e2e-'));
  const { connection, exited, child } = startConnection();
  t.after(() => child.kill());
  await connection.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
  connection.sendNotification('initialized', {});
  const workflow = pathToFileURL(path.join(dir, 'flow.pflow.md')).href;
  const plain = pathToFileURL(path.join(dir, 'plain.py')).href;
  const seen = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => seen.push(p.uri));
  const flowPublished = nextNotification(connection, 'textDocument/publishDiagnostics', (p) => p.uri === workflow);
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: plain, languageId: 'python', version: 1, text: 'import numpy\nprint(undefined_name)\n' } });
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: workflow, languageId: 'markdown', version: 1, text: '# Flow\n\n## Steps\n' } });
  const p = await flowPublished;
  assert.equal(p.version, 1);
  // Documents are handled in order, so the plain file (opened first) would have been published before the workflow.
  assert.ok(!seen.includes(plain), 'no diagnostics for an ordinary Python file');
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  assert.equal(await exited, 0);
  connection.dispose();
});
