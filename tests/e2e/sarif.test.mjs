// `codenode check --format sarif` validated against the SARIF 2.1.0 JSON schema (OASIS errata01, committed in tests/fixtures/sarif).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { repoRoot, serverCommand } from './server.mjs';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'tests/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Runs `codenode check` with the given arguments in a folder; returns exit code, stdout and stderr. */
function check(args, cwd = repoRoot) {
  const { command, args: serverArgs } = serverCommand();
  // serverCommand() ends its arguments with 'lsp'; the CLI takes the same program with other arguments.
  const program = serverArgs.slice(0, -1);
  const run = spawnSync(command, [...program, 'check', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function assertValid(log) {
  const ok = validate(log);
  assert.ok(ok, `SARIF log does not validate: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

test('the validator rejects a log that breaks the schema (it is not vacuous)', () => {
  assert.equal(validate({ version: '2.1.0' }), false);
  assert.equal(validate({ version: '2.0.0', runs: [] }), false);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'A', helpUri: 'not a uri' }] } } }] }), false);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
});

test('check --format sarif over every example validates, with one result per diagnostic of the json format', () => {
  const sarif = check(['--format', 'sarif', 'examples/']);
  const json = check(['--format', 'json', 'examples/']);
  assert.equal(sarif.status, 1, sarif.stderr);
  const log = JSON.parse(sarif.stdout);
  assertValid(log);
  const run = log.runs[0];
  const expected = JSON.parse(json.stdout).files.flatMap(f => f.diagnostics.map(d => ({ path: f.path, ...d })));
  assert.ok(expected.length > 50, `expected many diagnostics in examples/, got ${expected.length}`);
  assert.equal(run.results.length, expected.length);
  for (const [i, result] of run.results.entries()) {
    const want = expected[i];
    assert.equal(result.ruleId, want.code);
    // The full message, line breaks included (text mode folds them).
    assert.equal(result.message.text, want.message);
    const rule = run.tool.driver.rules[result.ruleIndex];
    assert.equal(rule.id, result.ruleId);
    assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.properties.dialect}\\.md#${rule.id.toLowerCase()}$`));
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.equal(decodeURIComponent(location.artifactLocation.uri), want.path);
    assert.equal(location.region.startLine, want.range.start.line + 1);
    assert.equal(location.region.startColumn, want.range.start.character + 1);
    assert.equal(location.region.endLine, want.range.end.line + 1);
    assert.equal(location.region.endColumn, want.range.end.character + 1);
    assert.equal(result.level, { error: 'error', warning: 'warning' }[want.severity] ?? 'note');
  }
  assert.ok(run.results.some(r => r.message.text.includes('\n')), 'examples/ should include a multi-line message');
  assert.equal(new URL(run.originalUriBaseIds['%SRCROOT%'].uri).protocol, 'file:');
});

test('a path with spaces, "#" and non-ASCII letters is a valid relative URI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codenode-sarif-'));
  try {
    const sub = path.join(dir, 'my nodes #1 é');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'step.py'), '# codenode: voxworks\ndef run():\n    return undefined_name\n');
    const result = check(['--format', 'sarif', '.'], dir);
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout);
    assertValid(log);
    const uri = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.equal(uri, 'my%20nodes%20%231%20%C3%A9/step.py');
    const base = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(fileURLToPath(new URL(uri, base)), path.join(sub, 'step.py'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a clean check is a valid log with no results and exit 0', () => {
  const result = check(['--format', 'sarif', 'examples/stackai/summarize.py']);
  assert.equal(result.status, 0, result.stderr);
  const log = JSON.parse(result.stdout);
  assertValid(log);
  assert.deepEqual(log.runs[0].results, []);
  assert.ok(log.runs[0].tool.driver.rules.length > 50);
});
