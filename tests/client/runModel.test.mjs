// Unit tests of the run model: arguments, result normalisation, error locations and choosing the node to run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const { buildRunArgs, normalizeRunResult, parseLocation, locationInText, lensForLine, runArgsOf, targetLabel } = load('runModel');

test('run arguments leave out what is not set', () => {
    assert.deepEqual(buildRunArgs({ uri: 'file:///a.py' }, undefined, undefined), { uri: 'file:///a.py' });
    assert.deepEqual(buildRunArgs({ uri: 'file:///w.pflow.md', node: 'fetch' }, { x: 1 }, 5), { uri: 'file:///w.pflow.md', node: 'fetch', inputs: { x: 1 }, timeout: 5 });
});

test('a successful result keeps its fields', () => {
    const raw = { ok: true, result: { n: 3 }, stdout: 'hi\n', stderr: '', error: null, durationMs: 14, extra: 1 };
    const result = normalizeRunResult(raw);
    assert.equal(result.ok, true);
    assert.deepEqual(result.result, { n: 3 });
    assert.equal(result.stdout, 'hi\n');
    assert.equal(result.error, null);
    assert.equal(result.durationMs, 14);
    assert.equal(result.location, null);
    assert.equal(result.raw, raw);
});

test('Voxworks fields pass through', () => {
    const result = normalizeRunResult({ ok: true, result: [true, false], condition: 'high', outputs: { a: 1 }, variables: { count: 2 }, systemNotes: ['note'] });
    assert.equal(result.condition, 'high');
    assert.deepEqual(result.variables, { count: 2 });
    assert.deepEqual(result.systemNotes, ['note']);
});

test('a malformed answer becomes a failed result that says so', () => {
    for (const raw of [undefined, null, 'text', [1]]) {
        const result = normalizeRunResult(raw);
        assert.equal(result.ok, false);
        assert.match(result.error, /codenode\.run/);
    }
});

test('error locations: explicit field first, then the error text', () => {
    assert.deepEqual(normalizeRunResult({ ok: false, error: 'NameError', location: { line: 7, path: 'flow.pflow.md' } }).location, { line: 7, path: 'flow.pflow.md' });
    assert.deepEqual(normalizeRunResult({ ok: false, error: 'Traceback:\n  File "x", line 3\n  File "y", line 9\nValueError' }).location, { line: 9 });
    assert.deepEqual(parseLocation(4), { line: 4 });
    assert.deepEqual(parseLocation({ line: 2, character: 5, uri: 'file:///a' }), { line: 2, column: 5, uri: 'file:///a' });
    assert.equal(parseLocation({ line: 0 }), null);
    assert.deepEqual(locationInText('flow.pflow.md:12'), { path: 'flow.pflow.md', line: 12 });
    assert.equal(locationInText('no location here'), null);
});

test('the node to run is the last lens at or above the cursor, else the first', () => {
    const lenses = [
        { line: 20, title: 'Run b', args: { uri: 'u', node: 'b' } },
        { line: 5, title: 'Run a', args: { uri: 'u', node: 'a' } },
    ];
    assert.equal(lensForLine(lenses, 7).args.node, 'a');
    assert.equal(lensForLine(lenses, 20).args.node, 'b');
    assert.equal(lensForLine(lenses, 100).args.node, 'b');
    assert.equal(lensForLine(lenses, 0).args.node, 'a');
    assert.equal(lensForLine([], 3), undefined);
});

test('only codenode.run lenses with a target are run lenses', () => {
    assert.deepEqual(runArgsOf('codenode.run', [{ uri: 'file:///a.py' }]), { uri: 'file:///a.py' });
    assert.equal(runArgsOf('codenode.other', [{ uri: 'x' }]), undefined);
    assert.equal(runArgsOf('codenode.run', []), undefined);
    assert.equal(runArgsOf('codenode.run', [{ node: 'x' }]), undefined);
});

test('labels name the node and the file', () => {
    assert.equal(targetLabel({ uri: 'file:///w/my%20flow.pflow.md', node: 'fetch' }), 'fetch (my flow.pflow.md)');
    assert.equal(targetLabel({ path: '/w/node.py' }), 'node.py');
});
