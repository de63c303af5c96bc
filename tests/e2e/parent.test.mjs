// End-to-end: the server exits (code 1) when the process named by initialize's processId dies, even with stdin still open, and kills a running node run; null or unseen pids are not watched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { startConnection } from './server.mjs';

/** True while the process lives: /proc has it and it is not a zombie (dead, waiting to be reaped). */
function alive(pid) {
  let stat;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return false; }
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

test('the server exits with code 1 when its parent process dies, killing the node run in progress', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-parent-'));
  const pidFile = path.join(dir, 'pids.txt');
  writeFileSync(path.join(dir, 'codenode.json'), JSON.stringify({ nodes: { sleeper: { dialect: 'stackai', file: 'node.py' } } }));
  // The node starts a grandchild, writes both pids, and sleeps far past the test's bound.
  writeFileSync(path.join(dir, 'node.py'), [
    'import os, subprocess, time',
    'def main(args):',
    "    child = subprocess.Popen(['sleep', '600'])",
    `    with open(${JSON.stringify(pidFile)}, 'w') as f:`,
    "        f.write(f'{os.getpid()} {child.pid}')",
    '    time.sleep(600)',
    '    return {}',
    '',
  ].join('\n'));

  // The stand-in for the editor: a throwaway process whose death the server must notice on its own.
  const parent = spawn('sleep', ['600'], { stdio: 'ignore' });
  const { connection, exited, stderr, child } = startConnection();
  t.after(() => { parent.kill('SIGKILL'); child.kill('SIGKILL'); });

  const rootUri = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', { processId: parent.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'parent' }] });
  connection.sendNotification('initialized', {});
  let exitCode = null;
  exited.then((code) => { exitCode = code; });

  const run = connection.sendRequest('workspace/executeCommand', { command: 'codenode.run', arguments: [{ path: path.join(dir, 'node.py'), timeout: 600 }] });
  run.catch(() => {}); // the server dies before it can answer; only the processes matter
  await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' '), 20000, 'the node to start');
  const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
  assert.ok(pids.every(alive), 'the run is going on');

  // Watching a live parent must not end the server: it is still running a while after initialize.
  await delay(500);
  assert.equal(exitCode, null, 'the server exited while its parent was alive: ' + stderr());

  parent.kill('SIGKILL');
  const killedAt = Date.now();
  const code = await Promise.race([exited, delay(15000).then(() => 'still running')]);
  assert.equal(code, 1, 'exit code 1 (no shutdown came); stderr: ' + stderr());
  assert.ok(Date.now() - killedAt < 15000);
  assert.match(stderr(), /editor's process \d+ is gone/);
  // The run's harness and the grandchild it started were killed before the server exited.
  await waitFor(() => !pids.some(alive), 3000, `the run's processes ${pids} to end`);
  connection.dispose();
});

test('processId null, or a pid the server cannot see, is not watched: the server keeps running until exit', async (t) => {
  // A pid that is gone before initialize stands for one from another pid namespace (a server in a container).
  const gone = spawn('true');
  await new Promise((resolve) => gone.on('exit', resolve));
  await Promise.all([null, gone.pid].map(async (processId) => {
    const { connection, exited, stderr, child } = startConnection();
    t.after(() => child.kill('SIGKILL'));
    let exitCode = null;
    exited.then((code) => { exitCode = code; });
    await connection.sendRequest('initialize', { processId, rootUri: null, capabilities: {} });
    connection.sendNotification('initialized', {});
    // Longer than the first check of a watched parent (3 s) takes.
    await delay(4500);
    assert.equal(exitCode, null, `processId ${processId}: ${stderr()}`);
    if (processId !== null) assert.match(stderr(), /not visible to the server/);
    assert.equal(await connection.sendRequest('shutdown'), null);
    connection.sendNotification('exit');
    assert.equal(await exited, 0);
    connection.dispose();
  }));
});
