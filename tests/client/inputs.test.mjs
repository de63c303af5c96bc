// Unit tests of input handling for "Run Node with Inputs…".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const { parseInputs, remember, historyKey, formatInputs, HISTORY_SIZE } = load('inputs');

test('inputs must be a JSON object; empty text means none', () => {
    assert.deepEqual(parseInputs(' {"a": [1, 2]} '), { ok: true, value: { a: [1, 2] } });
    assert.deepEqual(parseInputs(''), { ok: true, value: {} });
    assert.match(parseInputs('[1]').message, /must be a JSON object/);
    assert.match(parseInputs('null').message, /must be a JSON object/);
    assert.match(parseInputs('{a:1}').message, /^Not valid JSON/);
});

test('history keeps the newest first, without duplicates, bounded', () => {
    let history = [];
    for (let i = 0; i < HISTORY_SIZE + 2; i++) {
        history = remember(history, { i });
    }
    assert.equal(history.length, HISTORY_SIZE);
    assert.equal(history[0], '{"i":6}');
    history = remember(history, { i: 4 });
    assert.equal(history[0], '{"i":4}');
    assert.equal(history.filter(entry => entry === '{"i":4}').length, 1);
});

test('history keys and editable text', () => {
    assert.equal(historyKey('file:///a.pflow.md', 'step'), 'codeNode.inputs:file:///a.pflow.md#step');
    assert.notEqual(historyKey('file:///a.py', undefined), historyKey('file:///b.py', undefined));
    assert.equal(formatInputs({ a: 1 }), '{\n  "a": 1\n}\n');
});
