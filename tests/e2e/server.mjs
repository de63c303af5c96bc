// Shared helpers for the end-to-end tests: find the built server, start it, and talk to it with vscode-jsonrpc.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The server command: CODENODE_SERVER (a path to codenode.dll or a native executable), else the Release or Debug build. */
export function serverCommand() {
  const candidates = [
    process.env.CODENODE_SERVER,
    path.join(repoRoot, 'server/bin/Release/net10.0/codenode.dll'),
    path.join(repoRoot, 'server/bin/Debug/net10.0/codenode.dll'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`No built server found (tried ${candidates.join(', ')}); run 'dotnet build -c Release' first.`);
  return found.endsWith('.dll') ? { command: 'dotnet', args: [found, 'lsp'] } : { command: found, args: ['lsp'] };
}

/** Starts the server; returns the child process, a collected stderr string getter and an exit promise. */
export function startServer() {
  const { command, args } = serverCommand();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d.toString(); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Starts the server and wraps it in a vscode-jsonrpc connection. */
export function startConnection() {
  const server = startServer();
  const connection = createMessageConnection(new StreamMessageReader(server.child.stdout), new StreamMessageWriter(server.child.stdin));
  connection.listen();
  return { ...server, connection };
}

/** Resolves with the next notification of a method that satisfies the predicate, or rejects after a timeout. */
export function nextNotification(connection, method, predicate = () => true, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { disposable.dispose(); reject(new Error(`timed out waiting for ${method}`)); }, timeoutMs);
    const disposable = connection.onNotification(method, (params) => {
      if (!predicate(params)) return;
      clearTimeout(timer);
      disposable.dispose();
      resolve(params);
    });
  });
}

/** Frames a JSON body (string or object) as LSP does, with a correct or a deliberately given Content-Length. */
export function frame(body, contentLength) {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${contentLength ?? bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}

/** Collects framed messages from a raw stdout stream (for tests that write raw bytes). */
export function rawMessages(stream) {
  let buffer = Buffer.alloc(0);
  const messages = [];
  const waiters = [];
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const match = /Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
      const length = Number(match[1]);
      if (buffer.length < headerEnd + 4 + length) break;
      messages.push(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
      buffer = buffer.subarray(headerEnd + 4 + length);
    }
    for (const w of [...waiters]) w();
  });
  /** Waits until a message satisfying the predicate has arrived. */
  const waitFor = (predicate, timeoutMs = 10000) => new Promise((resolve, reject) => {
    const check = () => {
      const found = messages.find(predicate);
      if (found) { waiters.splice(waiters.indexOf(check), 1); clearTimeout(timer); resolve(found); }
    };
    const timer = setTimeout(() => { waiters.splice(waiters.indexOf(check), 1); reject(new Error('timed out; got ' + JSON.stringify(messages))); }, timeoutMs);
    waiters.push(check);
    check();
  });
  return { messages, waitFor };
}
