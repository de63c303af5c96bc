// Unit tests of the result view's history: parsing kept runs, the line diff and the comparison page part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const { lineDiff, parseHistory, compareHtml, historyList } = load('runHistory');

test('the line diff keeps common lines and marks the rest', () => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nx\nc'), [
        { kind: 'same', text: 'a' }, { kind: 'add', text: 'x' }, { kind: 'del', text: 'b' }, { kind: 'same', text: 'c' },
    ]);
    assert.deepEqual(lineDiff('', 'new'), [{ kind: 'add', text: 'new' }]);
});

test('two kept runs compare inputs, result and stdout, escaped', () => {
    const runs = parseHistory({ runs: [
        { id: 'b', at: '2026-12-06T05:00:01Z', given: { 'in-0': '4' }, result: { ok: true, durationMs: 5, inputs: { args: { 'in-0': '4' } }, result: { n: 4 }, stdout: '<b>\n' } },
        { id: 'a', at: '2026-12-06T05:00:00Z', result: { ok: false, durationMs: 5, inputs: { args: { 'in-0': 'three' } }, result: null, error: 'ValueError', stdout: '' } },
        { id: 'broken' },
    ] });
    assert.equal(runs.length, 2);
    const html = compareHtml(runs[1], runs[0]);
    assert.match(html, /<div class="diff-del">- {5}&quot;in-0&quot;: &quot;three&quot;<\/div>/);
    assert.match(html, /<div class="diff-add">\+ {5}&quot;in-0&quot;: &quot;4&quot;<\/div>/);
    assert.match(html, /<h3>Standard output<\/h3><pre class="diff"><div class="diff-add">\+ &lt;b&gt;<\/div>/);
    const list = historyList(runs, 'b');
    assert.match(list, /<li class="run shown"><input type="checkbox" class="pick" data-id="b"/);
    assert.match(list, /in-0 = &quot;4&quot;/);
    assert.match(list, /no inputs given/);
});

test('saved test cases are listed with a Run button each, names escaped', () => {
    const { casesList, parseCases } = load('runHistory');
    const names = parseCases({ cases: [{ name: 'four <words>', inputs: {} }, { inputs: {} }] });
    assert.deepEqual(names, ['four <words>']);
    assert.match(casesList(names), /<button type="button" class="run-case" data-name="four &lt;words&gt;">Run<\/button> four &lt;words&gt;/);
    assert.match(casesList([]), /No test cases saved/);
});
