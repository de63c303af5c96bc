// End-to-end: SIGTERM to the language server during a Stack AI run's dependency install kills the installer's whole tree and leaves no temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { serverCommand } from './server.mjs';

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

/** Live processes whose command line mentions `marker` (the installer's mention the cache folder). */
function processesMentioning(marker) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(marker)) found.push(`${pid}: ${cmd}`);
    } catch { /* gone meanwhile */ }
  }
  return found;
}

test('SIGTERM during an install stops the server, the installer and its temporary folder', async (t) => {
  // A package index on 127.0.0.1 that accepts connections and never answers: pip waits on it.
  const sockets = [];
  const index = createServer((socket) => sockets.push(socket));
  await new Promise((resolve) => index.listen(0, '127.0.0.1', resolve));
  t.after(() => { sockets.forEach((s) => s.destroy()); index.close(); });

  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-sigterm-'));
  const cache = path.join(dir, 'cache');
  writeFileSync(path.join(dir, 'pip.conf'), `[global]\nindex-url = http://127.0.0.1:${index.address().port}/simple/\n`);
  writeFileSync(path.join(dir, 'codenode.json'), JSON.stringify({ nodes: { n: { dialect: 'stackai', file: 'node.py', dependencies: ['cn-stalled==1.0'] } } }));
  writeFileSync(path.join(dir, 'node.py'), 'import cn_stalled\ndef main(args):\n    return {}\n');

  const { command, args } = serverCommand();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CODENODE_CACHE_DIR: cache } });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d.toString(); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();

  const rootUri = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', { processId: null, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'sigterm' }] });
  connection.sendNotification('initialized', {});
  const run = connection.sendRequest('workspace/executeCommand', { command: 'codenode.run', arguments: [{ path: path.join(dir, 'node.py'), timeout: 600 }] });
  run.catch(() => {}); // the server may exit before its answer is read; the leftovers are what matter

  const deps = path.join(cache, 'deps');
  const temporary = () => (existsSync(deps) ? readdirSync(deps).filter((n) => n.includes('.tmp-')) : []);
  await waitFor(() => sockets.length > 0 && temporary().length > 0, 60000, 'pip to reach the stalled index');
  assert.ok(processesMentioning(cache).length > 0, 'the installer runs');

  child.kill('SIGTERM');
  const code = await Promise.race([exited, delay(20000).then(() => 'still running')]);
  assert.equal(code, 1, 'stderr: ' + stderr);
  assert.match(stderr, /SIGTERM received/);
  assert.deepEqual(temporary(), []);
  await waitFor(() => processesMentioning(cache).length === 0, 3000, 'the installer to be gone: ' + processesMentioning(cache).join('; '));
  connection.dispose();
});
