// The result view's history: the node's kept runs as a list, and two runs compared line by line (pure, escaped).
import { escapeHtml, formatDuration } from './resultHtml';

/** One kept run as `codenode.runHistory` lists it (docs/run.md, History). */
export interface HistoryEntry {
    id: string;
    at: string;
    given: Record<string, unknown> | null;
    case: string | null;
    result: Record<string, unknown>;
}

/** Reads the `runs` of a `codenode.runHistory` answer; malformed entries are left out. */
export function parseHistory(answer: unknown): HistoryEntry[] {
    const runs = answer && typeof answer === 'object' ? (answer as Record<string, unknown>).runs : undefined;
    if (!Array.isArray(runs)) {
        return [];
    }
    return runs.filter(r => r && typeof r === 'object' && typeof r.id === 'string' && r.result && typeof r.result === 'object').map(r => ({
        id: r.id as string,
        at: typeof r.at === 'string' ? r.at : '',
        given: r.given && typeof r.given === 'object' ? r.given as Record<string, unknown> : null,
        case: typeof r.case === 'string' ? r.case : null,
        result: r.result as Record<string, unknown>,
    }));
}

/** One line of a comparison: kept, only in the first run, or only in the second. */
export interface DiffLine {
    kind: 'same' | 'del' | 'add';
    text: string;
}

/** Lines compared beyond this many per side are shown whole, unmatched, so the table stays bounded. */
export const DIFF_LIMIT = 2000;

/** A line diff by longest common subsequence (O(n·m) within DIFF_LIMIT lines a side). */
export function lineDiff(a: string, b: string): DiffLine[] {
    const left = a === '' ? [] : a.split('\n');
    const right = b === '' ? [] : b.split('\n');
    if (left.length > DIFF_LIMIT || right.length > DIFF_LIMIT) {
        return [...left.map(text => ({ kind: 'del' as const, text })), ...right.map(text => ({ kind: 'add' as const, text }))];
    }
    const n = left.length;
    const m = right.length;
    const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
            table[i][j] = left[i] === right[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
        }
    }
    const lines: DiffLine[] = [];
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && left[i] === right[j]) {
            lines.push({ kind: 'same', text: left[i] });
            i++;
            j++;
        } else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) {
            lines.push({ kind: 'add', text: right[j++] });
        } else {
            lines.push({ kind: 'del', text: left[i++] });
        }
    }
    return lines;
}

/** The parts of a run that a comparison shows, as text (JSON pretty-printed with sorted keys, so order never differs). */
export function comparableParts(result: Record<string, unknown>): { title: string; text: string }[] {
    const json = (value: unknown): string => value === undefined || value === null ? '' : JSON.stringify(sortKeys(value), null, 2);
    return [
        { title: 'Inputs', text: json(result.inputs) },
        { title: 'Result', text: json(result.result) },
        { title: 'Error', text: typeof result.error === 'string' ? result.error : '' },
        { title: 'Standard output', text: typeof result.stdout === 'string' ? result.stdout.replace(/\n$/, '') : '' },
    ];
}

function sortKeys(value: unknown, depth = 0): unknown {
    if (depth > 100 || value === null || typeof value !== 'object') {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map(item => sortKeys(item, depth + 1));
    }
    return Object.fromEntries(Object.keys(value).sort().map(key => [key, sortKeys((value as Record<string, unknown>)[key], depth + 1)]));
}

/** "05:12:08 · Failed · 120 ms · in-0 = "three"": one run in a list. */
export function entryLabel(entry: HistoryEntry): string {
    const time = entry.at ? new Date(entry.at).toLocaleTimeString() : entry.id;
    const status = entry.result.ok === true ? 'Succeeded' : entry.result.timedOut === true ? 'Timed out' : 'Failed';
    const duration = typeof entry.result.durationMs === 'number' ? formatDuration(entry.result.durationMs) : '';
    const given = entry.case ? `case "${entry.case}"` : entry.given ? Object.entries(entry.given).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ') : 'no inputs given';
    return [time, status, duration, given].filter(part => part !== '').join(' · ');
}

/** The runs list: a radio to show one, a checkbox to pick two for comparing; the shown run is marked. */
export function historyList(entries: readonly HistoryEntry[], shownId: string | undefined): string {
    if (entries.length === 0) {
        return '<p class="empty">No runs kept yet.</p>';
    }
    const rows = entries.map(entry => `<li class="run${entry.id === shownId ? ' shown' : ''}">`
        + `<input type="checkbox" class="pick" data-id="${escapeHtml(entry.id)}" aria-label="compare">`
        + `<a href="#" class="show-run" data-id="${escapeHtml(entry.id)}">${escapeHtml(entryLabel(entry))}</a></li>`);
    return `<ul id="runs-list" class="runs">${rows.join('')}</ul><button id="compare" type="button">Compare the two checked runs</button>`;
}

/** Two runs side by side: one diff table per part (inputs, result, error, stdout), changed lines marked. */
export function compareHtml(first: HistoryEntry, second: HistoryEntry): string {
    const a = comparableParts(first.result);
    const b = comparableParts(second.result);
    const tables = a.map((part, index) => {
        const lines = lineDiff(part.text, b[index].text);
        if (lines.length === 0) {
            return '';
        }
        const same = lines.every(line => line.kind === 'same');
        const body = lines.map(line => `<div class="diff-${line.kind}">${line.kind === 'add' ? '+' : line.kind === 'del' ? '-' : ' '} ${escapeHtml(line.text)}</div>`).join('');
        return `<h3>${escapeHtml(part.title)}${same ? ' (the same)' : ''}</h3><pre class="diff">${body}</pre>`;
    });
    return `<div id="comparison"><p>- ${escapeHtml(entryLabel(first))}<br>+ ${escapeHtml(entryLabel(second))}</p>${tables.join('')}</div>`;
}

/** The node's saved test cases (`cases` of a `codenode.runHistory` answer): names only, in the file's order. */
export function parseCases(answer: unknown): string[] {
    const cases = answer && typeof answer === 'object' ? (answer as Record<string, unknown>).cases : undefined;
    return Array.isArray(cases) ? cases.map(c => c && typeof c === 'object' ? (c as Record<string, unknown>).name : undefined).filter((n): n is string => typeof n === 'string') : [];
}

/** The test cases with a Run button each (docs/run.md, Test cases). */
export function casesList(cases: readonly string[]): string {
    if (cases.length === 0) {
        return '<p class="empty">No test cases saved for this node (save one from its inputs document).</p>';
    }
    return `<ul id="cases-list" class="runs">${cases.map(name => `<li><button type="button" class="run-case" data-name="${escapeHtml(name)}">Run</button> ${escapeHtml(name)}</li>`).join('')}</ul>`;
}
