// The HTML of the run result view: pure string building, with every piece of user content escaped.
import { conditionLabel, type ConditionRow, type ErrorLocation, type RunResult } from './runModel';

/** What the page needs besides the result: a title, the CSP source and a fresh nonce for its script and style. */
export interface ResultPage {
    label: string;
    nonce: string;
    cspSource: string;
    /** When the run finished, shown in the header. */
    finishedAt: string;
    /** The node's kept runs (HTML of the list) and a comparison of two, when the view has them. */
    runs?: string;
    comparison?: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c] as string);
}

/**
 * Pretty-prints a value as JSON with spans for keys, strings, numbers and literals. The JSON text is escaped before
 * the spans are added, and the pattern only matches whole JSON tokens, so user text cannot produce markup.
 */
export function highlightJson(value: unknown): string {
    if (value === undefined) {
        return '<span class="json-null">(no value)</span>';
    }
    const json = JSON.stringify(value, null, 2) ?? String(value);
    const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    let html = '';
    let last = 0;
    for (let match = token.exec(json); match; match = token.exec(json)) {
        html += escapeHtml(json.slice(last, match.index));
        if (match[1] !== undefined) {
            const kind = match[2] !== undefined ? 'json-key' : 'json-string';
            html += `<span class="${kind}">${escapeHtml(match[1])}</span>${match[2] ?? ''}`;
        } else if (match[3] !== undefined) {
            html += `<span class="json-${match[3] === 'null' ? 'null' : 'bool'}">${match[3]}</span>`;
        } else {
            html += `<span class="json-number">${match[4]}</span>`;
        }
        last = match.index + match[0].length;
    }
    return html + escapeHtml(json.slice(last));
}

/** "12 ms", "1.25 s" or "2 min 3 s". */
export function formatDuration(ms: number | null): string {
    if (ms === null) {
        return 'unknown';
    }
    if (ms < 1000) {
        return `${Math.round(ms)} ms`;
    }
    if (ms < 60000) {
        return `${(ms / 1000).toFixed(2)} s`;
    }
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** The text of the "go to line" link. */
export function locationLabel(location: ErrorLocation): string {
    const file = location.uri ?? location.path;
    const name = file ? `${decodeSafe(file.split(/[\\/]/).pop() ?? file)}:` : 'line ';
    return `${name}${location.line}${location.column !== undefined ? `:${location.column + 1}` : ''}`;
}

function decodeSafe(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

function section(id: string, title: string, body: string, open = true): string {
    return `<details id="${id}" class="section"${open ? ' open' : ''}><summary>${escapeHtml(title)}</summary>${body}</details>`;
}

function textBlock(text: string, emptyNote: string): string {
    return text === '' ? `<p class="empty">${escapeHtml(emptyNote)}</p>` : `<pre class="output">${escapeHtml(text)}</pre>`;
}

function jsonBlock(value: unknown): string {
    return `<pre class="json">${highlightJson(value)}</pre>`;
}

function present(value: unknown): boolean {
    if (value === undefined || value === null) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.length > 0;
    }
    return typeof value !== 'object' || Object.keys(value as object).length > 0;
}

/** A table of name → JSON value, for Voxworks outputs and variables. */
function keyValueTable(value: unknown): string {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return jsonBlock(value);
    }
    const rows = Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `<tr><th>${escapeHtml(key)}</th><td><pre class="json inline">${highlightJson(item)}</pre></td></tr>`)
        .join('');
    return `<table class="kv">${rows}</table>`;
}

/** Headings of the input groups, in the words of each platform. */
const GROUP_TITLES: Record<string, string> = {
    args: 'args (as passed to main)',
    inputs: 'inputs',
    variables: 'variables before the run',
};

/** What went in: one table per group, each value with where it came from (a template, the samples, the manifest). */
export function inputsBlock(result: RunResult): string {
    const report = result.inputs;
    if (!report) {
        return '';
    }
    const tables = Object.entries(report.groups).map(([group, values]) => {
        const title = result.dialect === 'voxworks' && group === 'inputs' ? 'mapped inputs' : GROUP_TITLES[group] ?? group;
        const rows = Object.entries(values).map(([name, value]) => `<tr><th>${escapeHtml(name)}</th>`
            + `<td><pre class="json inline">${highlightJson(value)}</pre></td>`
            + `<td class="from">${escapeHtml(report.from[name] ?? '')}</td></tr>`).join('');
        return `<h3>${escapeHtml(title)}</h3>${rows ? `<table class="kv">${rows}</table>` : '<p class="empty">none</p>'}`;
    });
    const given = report.given ? '<p class="note">Values given for this run win over the manifest and the samples.</p>' : '';
    return tables.join('') + given;
}

function notesList(value: unknown): string {
    const notes = Array.isArray(value) ? value : [value];
    return `<ul class="notes">${notes.map(note => `<li>${escapeHtml(typeof note === 'string' ? note : JSON.stringify(note))}</li>`).join('')}</ul>`;
}

/** The badge text: what happened, in the words a person would use. */
export function statusText(result: RunResult): string {
    if (result.ok) {
        return 'Succeeded';
    }
    return result.timedOut ? 'Timed out' : result.cancelled ? 'Cancelled' : 'Failed';
}

/** Voxworks' conditions, one row each in the manifest's order ("otherwise" included), the routed one marked. */
function conditionList(rows: readonly ConditionRow[]): string {
    const items = rows.map(row => `<li${row.routed ? ' class="routed"' : ''}>${escapeHtml(conditionLabel(row.number, row.name))}: `
        + `<span class="json-bool">${row.output === null ? '—' : String(row.output)}</span>${row.routed ? ' ← routed' : ''}</li>`);
    return `<ul class="conditions">${items.join('')}</ul>`;
}

/** Deep equality of two JSON values (key order ignored), so the same value is never shown twice. */
export function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k)
        && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The whole page: header (status, duration), routed condition, error with its line, result, outputs, logs. */
export function renderResultHtml(result: RunResult, page: ResultPage): string {
    const status = statusText(result);
    const parts: string[] = [];
    const platform = result.dialect ? `<span class="meta">${escapeHtml(result.dialect)}</span>` : '';
    parts.push(`<header><span id="status" class="badge ${result.ok ? 'ok' : 'failed'}">${status}</span>`
        + `<h1 id="node">${escapeHtml(page.label)}</h1>${platform}`
        + `<span id="duration" class="meta" title="Run time">${escapeHtml(formatDuration(result.durationMs))}</span>`
        + `<span class="meta">${escapeHtml(page.finishedAt)}</span>`
        + `<button id="rerun" type="button">Run again</button></header>`);
    if (present(result.condition)) {
        const condition = typeof result.condition === 'string' ? result.condition : JSON.stringify(result.condition);
        const index = result.conditionIndex !== null ? ` (condition ${result.conditionIndex + 1})` : '';
        parts.push(`<div id="condition" class="condition">Routed to <strong>${escapeHtml(condition)}</strong>${escapeHtml(index)}</div>`);
    }
    if (present(result.action)) {
        parts.push(`<div id="action" class="condition">Action <strong>${escapeHtml(String(result.action))}</strong></div>`);
    }
    if (result.error !== null) {
        const link = result.location
            ? `<a id="error-location" href="#" data-line="${result.location.line}" data-column="${result.location.column ?? 0}"`
              + ` data-uri="${escapeHtml(result.location.uri ?? '')}" data-path="${escapeHtml(result.location.path ?? '')}">`
              + `Go to ${escapeHtml(locationLabel(result.location))}</a>`
            : '';
        // The cause leads (a Python traceback's exception and message); the platform's full text follows.
        const cause = result.cause !== null && result.cause !== result.error ? `<div id="cause" class="cause">${escapeHtml(result.cause)}</div>` : '';
        parts.push(`<div id="error" class="error"><div class="error-head">Error ${link}</div>${cause}<pre>${escapeHtml(result.error)}</pre></div>`);
    }
    // One result block per run: none for a failure without a value, and the output only where it differs.
    if (result.ok || present(result.result)) {
        parts.push(section('result', 'Result', jsonBlock(result.result)));
    }
    if (present(result.output) && !sameJson(result.output, result.result)) {
        parts.push(section('output', 'Output (as downstream nodes receive it)', jsonBlock(result.output)));
    }
    if (result.conditions.length > 0) {
        parts.push(section('outputs', 'Conditions', conditionList(result.conditions)));
    }
    if (result.inputs) {
        parts.push(section('inputs', 'Inputs', inputsBlock(result)));
    }
    if (result.recordedValues && Object.keys(result.recordedValues).length > 0) {
        parts.push(section('recorded', 'Recorded in .codenode/samples.json', keyValueTable(result.recordedValues)));
    }
    if (result.environment) {
        parts.push(section('environment', 'Environment', keyValueTable(result.environment)));
    }
    if (present(result.variables)) {
        parts.push(section('variables', 'Variables', keyValueTable(result.variables)));
    }
    if (present(result.systemNotes)) {
        parts.push(section('system-notes', 'System notes', notesList(result.systemNotes)));
    }
    parts.push(section('stdout', 'Standard output', textBlock(result.stdout, 'Nothing was printed.')));
    parts.push(section('stderr', 'Standard error', textBlock(result.stderr, 'Nothing was written to stderr.'), result.stderr !== ''));
    if (result.processOutput !== '') {
        parts.push(section('process-output', 'Output of child processes', textBlock(result.processOutput, '')));
    }
    parts.push(section('raw', 'Raw response', jsonBlock(result.raw), false));
    if (page.comparison) {
        parts.unshift(parts.shift() as string, section('compare', 'Comparison', page.comparison));
    }
    if (page.runs !== undefined) {
        parts.push(section('history', 'Runs of this node', page.runs));
    }

    const csp = `default-src 'none'; style-src 'nonce-${page.nonce}'; script-src 'nonce-${page.nonce}'; img-src ${page.cspSource} data:;`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.label)}</title>
<style nonce="${page.nonce}">${STYLE}</style>
</head>
<body>
${parts.join('\n')}
<script nonce="${page.nonce}">${SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; border-bottom: 1px solid var(--vscode-panel-border); padding: 12px 0; }
h1 { font-size: 1.2em; margin: 0; }
.badge { border-radius: 10px; padding: 2px 10px; font-weight: 600; color: #fff; }
.badge.ok { background: var(--vscode-testing-iconPassed, #388a34); }
.badge.failed { background: var(--vscode-testing-iconFailed, #c72e0f); }
.meta { color: var(--vscode-descriptionForeground); }
button { margin-left: auto; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
.condition { margin: 12px 0; padding: 8px 12px; border-left: 4px solid var(--vscode-textLink-foreground); background: var(--vscode-textBlockQuote-background); }
.error { margin: 12px 0; padding: 8px 12px; border-left: 4px solid var(--vscode-errorForeground); background: var(--vscode-inputValidation-errorBackground); }
.error-head { font-weight: 600; color: var(--vscode-errorForeground); display: flex; gap: 12px; }
.cause { font-family: var(--vscode-editor-font-family); font-weight: 600; margin-top: 6px; white-space: pre-wrap; }
.error pre { white-space: pre-wrap; margin: 6px 0 0; }
a { color: var(--vscode-textLink-foreground); }
.section { margin: 12px 0; }
summary { font-weight: 600; cursor: pointer; padding: 4px 0; }
pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; margin: 4px 0; }
pre.inline { margin: 0; padding: 2px 6px; }
.output { white-space: pre-wrap; }
.empty { color: var(--vscode-descriptionForeground); font-style: italic; }
.json-key { color: var(--vscode-symbolIcon-propertyForeground, #9cdcfe); }
.json-string { color: var(--vscode-debugTokenExpression-string, #ce9178); }
.json-number { color: var(--vscode-debugTokenExpression-number, #b5cea8); }
.json-bool, .json-null { color: var(--vscode-debugTokenExpression-boolean, #569cd6); }
table.kv { border-collapse: collapse; }
table.kv th { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; font-family: var(--vscode-editor-font-family); }
td.from { color: var(--vscode-descriptionForeground); padding-left: 12px; font-family: var(--vscode-editor-font-family); vertical-align: top; }
h3 { font-size: 1em; margin: 8px 0 4px; }
.note { color: var(--vscode-descriptionForeground); }
ul.runs { list-style: none; padding: 0; }
ul.runs li.shown a { font-weight: 600; }
#compare, .run-case { margin-left: 0; }
pre.diff div { white-space: pre-wrap; }
.diff-add { background: var(--vscode-diffEditor-insertedTextBackground, rgba(155, 185, 85, 0.2)); }
.diff-del { background: var(--vscode-diffEditor-removedTextBackground, rgba(255, 0, 0, 0.2)); }
.notes li, .conditions li { font-family: var(--vscode-editor-font-family); }
.conditions li.routed { font-weight: 600; }
`;

// The page's only script: it forwards clicks to the extension, which owns navigation and re-running.
const SCRIPT = `
const vscode = acquireVsCodeApi();
const link = document.getElementById('error-location');
if (link) {
  link.addEventListener('click', event => {
    event.preventDefault();
    vscode.postMessage({ type: 'openLocation', line: Number(link.dataset.line), column: Number(link.dataset.column), uri: link.dataset.uri, path: link.dataset.path });
  });
}
document.getElementById('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
for (const run of document.querySelectorAll('.show-run')) {
  run.addEventListener('click', event => {
    event.preventDefault();
    vscode.postMessage({ type: 'showRun', id: run.dataset.id });
  });
}
for (const button of document.querySelectorAll('.run-case')) {
  button.addEventListener('click', () => vscode.postMessage({ type: 'runCase', name: button.dataset.name }));
}
const compare = document.getElementById('compare');
if (compare) {
  compare.addEventListener('click', () => {
    const ids = [...document.querySelectorAll('.pick:checked')].map(box => box.dataset.id);
    vscode.postMessage({ type: 'compare', ids });
  });
}
`;
