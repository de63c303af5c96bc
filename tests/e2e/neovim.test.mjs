// An independent client: headless Neovim (Debian's neovim) drives the built server on a Voxworks example and sees its diagnostics, hover and completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, serverCommand } from './server.mjs';

/** Runs tests/nvim/probe.lua with a spec and returns its parsed PROBE report. */
function probe(spec) {
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-nvim-'));
  const specFile = path.join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(repoRoot, 'tests/nvim/probe.lua')}`], {
    env: { ...process.env, PROBE_SPEC: specFile }, encoding: 'utf8', timeout: 90000,
  });
  if (run.error?.code === 'ENOENT') assert.fail('nvim is not installed: apt-get install -y neovim (.ci/run does it)');
  const line = run.stdout.split('\n').find((l) => l.startsWith('PROBE '));
  assert.ok(line, `no PROBE line from Neovim (exit ${run.status}): ${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice('PROBE '.length));
}

test('Neovim sees the diagnostics, hover and completion of a Voxworks step', () => {
  const { command, args } = serverCommand();
  const root = path.join(repoRoot, 'examples/voxworks');
  // examples/voxworks/broken/variables.py, 0-based positions:
  //   line 2  `    email = {{contact.emial}}`   completion after `{{` (character 14), hover on the placeholder
  //   line 6  `    return is_not_empty(email) and extra is None`   hover on the helper (character 12)
  const report = probe({
    cmd: [command, ...args], file: path.join(root, 'broken/variables.py'), root, filetype: 'python',
    timeout_ms: 60000, settle_ms: 500,
    hover: [{ line: 6, character: 12 }, { line: 2, character: 16 }],
    completion: [{ line: 2, character: 14 }],
  });
  assert.equal(report.error, null);
  assert.equal(report.server.info.name, 'codenode');

  const at = (code) => report.diagnostics.find((d) => d.code === code);
  assert.deepEqual(at('VX020')?.range.start, { line: 2, character: 14 }, JSON.stringify(report.diagnostics));
  assert.match(at('VX020').message, /contact\.emial/);
  assert.deepEqual(at('VX011')?.range.start, { line: 3, character: 12 });
  assert.ok(at('VX023') && at('VX024'), JSON.stringify(report.diagnostics.map((d) => d.code)));

  const [helper, placeholder] = report.hover.map((h) => h.result);
  assert.match(helper.contents.value, /is_not_empty\(value\)/);
  assert.deepEqual(helper.range.start, { line: 6, character: 11 });
  assert.match(placeholder.contents.value, /contact\.emial/);

  const result = report.completion[0].result;
  const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
  assert.ok(labels.includes('contact.email'), `completion after {{ offers ${labels.join(', ')}`);
});
