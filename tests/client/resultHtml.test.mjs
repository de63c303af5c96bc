// Unit tests of the result page: escaping of user content, CSP, and the sections shown for each kind of result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const { renderResultHtml, escapeHtml, highlightJson, formatDuration, locationLabel } = load('resultHtml');
const { normalizeRunResult } = load('runModel');

const page = { label: 'node.py', nonce: 'abc123', cspSource: 'vscode-resource:', finishedAt: '10:00:00' };

test('escapeHtml escapes every markup character', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('JSON highlighting marks tokens and cannot be broken out of', () => {
    const html = highlightJson({ '<key>': '</span><script>alert(1)</script>', n: -1.5e3, t: true, z: null });
    assert.ok(!html.includes('<script>'));
    assert.match(html, /<span class="json-key">&quot;&lt;key&gt;&quot;<\/span>:/);
    assert.match(html, /<span class="json-number">-1500<\/span>/);
    assert.match(html, /<span class="json-bool">true<\/span>/);
    assert.match(html, /<span class="json-null">null<\/span>/);
    assert.match(highlightJson(undefined), /no value/);
});

test('a failed run shows the error, a link to its line, and escaped output', () => {
    const result = normalizeRunResult({ ok: false, result: null, stdout: '<b>out</b>', stderr: 'warn & more', error: 'ZeroDivisionError: division by zero\nLocation: line 12', durationMs: 1234 });
    const html = renderResultHtml(result, page);
    assert.match(html, /<span id="status" class="badge failed">Failed<\/span>/);
    assert.match(html, /data-line="12"/);
    assert.match(html, /Go to line 12/);
    assert.match(html, /&lt;b&gt;out&lt;\/b&gt;/);
    assert.match(html, /warn &amp; more/);
    assert.match(html, /1\.23 s/);
    assert.ok(!html.includes('<b>out</b>'));
});

test('the page allows only its own nonce-tagged style and script', () => {
    const html = renderResultHtml(normalizeRunResult({ ok: true, result: 1 }), page);
    assert.match(html, /default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123'/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123">/);
    assert.ok(!/https?:\/\//.test(html), 'no remote resources');
});

test('Voxworks results show the routed condition, every condition by number and name, variables and notes', () => {
    const result = normalizeRunResult({
        ok: true, result: [false, true], dialect: 'voxworks', condition: 'escalate', conditionIndex: 1, outputs: [false, true],
        conditions: [{ number: 1, name: 'stay', output: false, routed: false }, { number: 2, name: 'escalate', output: true, routed: true }, { number: 3, name: 'otherwise', output: null, routed: false }],
        variables: { count: 3 }, systemNotes: ['Condition 2 matched'],
    });
    const html = renderResultHtml(result, page);
    assert.match(html, /Routed to <strong>escalate<\/strong> \(condition 2\)/);
    assert.match(html, /<li class="routed">condition 2 \(escalate\): <span class="json-bool">true<\/span> ← routed<\/li>/);
    assert.match(html, /<li>condition 1 \(stay\): <span class="json-bool">false<\/span><\/li>/);
    assert.match(html, /<li>condition 3 \(otherwise\): <span class="json-bool">—<\/span><\/li>/);
    assert.match(html, /<th>count<\/th>/);
    assert.match(html, /<li>Condition 2 matched<\/li>/);
});

test('a failed run leads with the cause and shows no empty result block', () => {
    const error = 'Traceback (most recent call last):\n  File "n.py", line 6, in main\nValueError: bad';
    const html = renderResultHtml(normalizeRunResult({ ok: false, result: null, error, cause: 'ValueError: bad', dialect: 'stackai', output: null }), page);
    assert.match(html, /<div id="cause" class="cause">ValueError: bad<\/div><pre>Traceback/);
    assert.ok(!html.includes('id="result"'));
    assert.ok(!html.includes('id="output"'));
});

test('the inputs section shows each value with where it came from, and what was recorded', () => {
    const html = renderResultHtml(normalizeRunResult({
        ok: false, dialect: 'stackai', error: 'ValueError: x', cause: 'ValueError: x',
        inputs: { args: { 'in-0': 'three' }, from: { 'in-0': 'manifest upstream' } },
    }), page);
    assert.match(html, /<details id="inputs" class="section" open><summary>Inputs<\/summary><h3>args \(as passed to main\)<\/h3>/);
    assert.match(html, /<th>in-0<\/th><td><pre class="json inline"><span class="json-string">&quot;three&quot;<\/span><\/pre><\/td><td class="from">manifest upstream<\/td>/);
    assert.ok(!html.includes('id="recorded"'));
    const vox = renderResultHtml(normalizeRunResult({
        ok: true, dialect: 'voxworks', result: true,
        inputs: { variables: { 'custom.n': 4 }, inputs: { input_1: 'x' }, from: { 'custom.n': 'samples variables' }, given: { input_1: 'x' } },
        recordedValues: { 'variables.custom.n': 5 },
    }), page);
    assert.match(vox, /<h3>variables before the run<\/h3>/);
    assert.match(vox, /<h3>mapped inputs<\/h3>/);
    assert.match(vox, /Values given for this run/);
    assert.match(vox, /<summary>Recorded in .codenode\/samples.json<\/summary><table class="kv"><tr><th>variables.custom.n<\/th>/);
});

test('a Stack AI result that is its own output is shown once', () => {
    const once = renderResultHtml(normalizeRunResult({ ok: true, dialect: 'stackai', result: { a: 1, b: [2] }, output: { b: [2], a: 1 } }), page);
    assert.ok(once.includes('id="result"'));
    assert.ok(!once.includes('id="output"'));
    const parsed = renderResultHtml(normalizeRunResult({ ok: true, dialect: 'stackai', result: '{"a": 1}', output: { a: 1 } }), page);
    assert.ok(parsed.includes('id="output"'));
});

test('a plain success has no error, condition or Voxworks sections', () => {
    const html = renderResultHtml(normalizeRunResult({ ok: true, result: { a: 1 }, stdout: '', stderr: '' }), page);
    assert.match(html, /class="badge ok">Succeeded/);
    assert.ok(!html.includes('id="error"'));
    assert.ok(!html.includes('id="condition"'));
    assert.ok(!html.includes('id="outputs"'));
    assert.match(html, /Nothing was printed\./);
});

test('pflow and Stack AI fields: action, output, timeouts', () => {
    const pflow = renderResultHtml(normalizeRunResult({ ok: false, dialect: 'pflow', action: 'error', timedOut: true, error: 'Timeout', location: { line: 14, codeLine: 3 } }), page);
    assert.match(pflow, /class="badge failed">Timed out</);
    assert.match(pflow, /Action <strong>error<\/strong>/);
    assert.match(pflow, /data-line="14"/);
    const stack = renderResultHtml(normalizeRunResult({ ok: true, dialect: 'stackai', result: '{"a": 1}', output: { a: 1 }, processOutput: 'child said hi' }), page);
    assert.match(stack, /Output \(as downstream nodes receive it\)/);
    assert.match(stack, /child said hi/);
    assert.match(renderResultHtml(normalizeRunResult({ ok: false, cancelled: true }), page), />Cancelled</);
});

test('durations and location labels read naturally', () => {
    assert.equal(formatDuration(12.4), '12 ms');
    assert.equal(formatDuration(2500), '2.50 s');
    assert.equal(formatDuration(125000), '2 min 5 s');
    assert.equal(formatDuration(null), 'unknown');
    assert.equal(locationLabel({ line: 3 }), 'line 3');
    assert.equal(locationLabel({ line: 3, column: 4, path: '/w/flow.pflow.md' }), 'flow.pflow.md:3:5');
});

test('a Stack AI run shows the environment the code saw: isolated or not, the resolved packages', () => {
    const html = renderResultHtml(normalizeRunResult({
        ok: true, dialect: 'stackai', result: {}, output: {},
        environment: { isolated: false, note: 'codeNode.stackai.userEnvironment is on', packages: { requests: '2.31.0' }, cached: true },
    }), page);
    assert.match(html, /<summary>Environment<\/summary><table class="kv"><tr><th>isolated<\/th><td><pre class="json inline"><span class="json-(bool|boolean|keyword|literal)[^"]*">false/);
    assert.ok(html.includes('userEnvironment is on'));
    assert.ok(html.includes('2.31.0'));
    const voxworks = renderResultHtml(normalizeRunResult({ ok: true, dialect: 'voxworks', result: true }), page);
    assert.ok(!voxworks.includes('id="environment"'));
});
