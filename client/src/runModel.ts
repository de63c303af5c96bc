// What a run is on the client side: the `codenode.run` arguments, the result it returns, and where its error points.

/** The LSP command that runs a node (the server's `executeCommandProvider`). */
export const RUN_COMMAND = 'codenode.run';
/** The server commands around runs (docs/run.md): kept runs, the inputs editor's content, saving a test case. */
export const HISTORY_COMMAND = 'codenode.runHistory';
export const INPUTS_COMMAND = 'codenode.runInputs';
export const SAVE_CASE_COMMAND = 'codenode.saveCase';

/** The one argument of `codenode.run`, as the server defines it. */
export interface RunArgs {
    uri?: string;
    path?: string;
    /** The node inside a file with several (a pflow step id); omitted for a file that is one node. */
    node?: string;
    inputs?: Record<string, unknown>;
    /** A saved test case to run (its inputs come from FILE.cases.json). */
    case?: string;
    /** Seconds. */
    timeout?: number;
}

/** Where an error points: a 1-based line in a file (the run's own file when `uri` is missing). */
export interface ErrorLocation {
    uri?: string;
    path?: string;
    line: number;
    column?: number;
}

/** A run's outcome with every field the view shows; the server may add more, which `raw` keeps. */
export interface RunResult {
    ok: boolean;
    result: unknown;
    stdout: string;
    stderr: string;
    error: string | null;
    /** The failure's cause in one line (a Python traceback's exception and message), as the server says. */
    cause: string | null;
    durationMs: number | null;
    location: ErrorLocation | null;
    timedOut: boolean;
    cancelled: boolean;
    /** The platform (pflow, stackai, voxworks) and node id, when the server says. */
    dialect: string;
    node: string;
    /** pflow: the action the step returned (default, error, or a `next` target). */
    action: unknown;
    /** Stack AI: the node's output as downstream nodes receive it. */
    output: unknown;
    /** Voxworks: the condition the step routed to (by name and index). */
    condition: unknown;
    conditionIndex: number | null;
    /** Voxworks: every condition of the manifest in order, "otherwise" included, with its output. */
    conditions: ConditionRow[];
    /** Voxworks: the returned booleans, the variable map after the run, and the platform's system notes. */
    outputs: unknown;
    variables: unknown;
    systemNotes: unknown;
    /** What child processes wrote outside what the platform captures. */
    processOutput: string;
    /** What went in: groups of values (args, inputs, variables), where each came from, the user's given values. */
    inputs: InputsReport | null;
    /** What the run wrote to .codenode/samples.json, by key. */
    recordedValues: Record<string, unknown> | null;
    /** Stack AI: the environment the code saw (isolated or not, resolved packages, cached, install time). */
    environment: Record<string, unknown> | null;
    raw: unknown;
}

/** The result's `inputs` section (docs/run.md): groups by name, `from` by value name, `given` when the user gave values. */
export interface InputsReport {
    groups: Record<string, Record<string, unknown>>;
    from: Record<string, string>;
    given: Record<string, unknown> | null;
}

/** One Voxworks condition as the server lists it: numbered from 1, named, with run()'s output (null: none). */
export interface ConditionRow {
    number: number;
    name: string | null;
    output: boolean | null;
    routed: boolean;
}

/** Builds the `codenode.run` argument; undefined fields are left out so the server applies its own defaults. */
export function buildRunArgs(target: { uri: string; node?: string }, inputs: Record<string, unknown> | undefined, timeout: number | undefined): RunArgs {
    const args: RunArgs = { uri: target.uri };
    if (target.node) {
        args.node = target.node;
    }
    if (inputs !== undefined) {
        args.inputs = inputs;
    }
    if (timeout !== undefined) {
        args.timeout = timeout;
    }
    return args;
}

/**
 * Turns whatever the server answered into a RunResult. A malformed answer becomes a failed result that says so,
 * rather than an exception, because the view must always show something the user can act on.
 */
export function normalizeRunResult(raw: unknown): RunResult {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return {
            ok: false, result: null, stdout: '', stderr: '', durationMs: null, location: null,
            error: `The server returned ${raw === undefined ? 'nothing' : 'an unexpected value'} for ${RUN_COMMAND}.`, cause: null,
            timedOut: false, cancelled: false, dialect: '', node: '', action: undefined, output: undefined,
            condition: undefined, conditionIndex: null, conditions: [], outputs: undefined, variables: undefined, systemNotes: undefined,
            processOutput: '', inputs: null, recordedValues: null, environment: null, raw,
        };
    }
    const record = raw as Record<string, unknown>;
    const error = record.error === undefined || record.error === null ? null : asText(record.error);
    return {
        ok: record.ok === true,
        result: record.result,
        stdout: asText(record.stdout),
        stderr: asText(record.stderr),
        error,
        cause: typeof record.cause === 'string' ? record.cause : null,
        durationMs: typeof record.durationMs === 'number' && Number.isFinite(record.durationMs) ? record.durationMs : null,
        location: parseLocation(record.location) ?? (error ? locationInText(error) : null),
        timedOut: record.timedOut === true,
        cancelled: record.cancelled === true,
        dialect: typeof record.dialect === 'string' ? record.dialect : '',
        node: typeof record.node === 'string' ? record.node : '',
        action: record.action,
        output: record.output,
        condition: record.condition,
        conditionIndex: typeof record.conditionIndex === 'number' ? record.conditionIndex : null,
        conditions: parseConditions(record.conditions),
        outputs: record.outputs,
        variables: record.variables,
        systemNotes: record.systemNotes,
        processOutput: asText(record.processOutput),
        inputs: parseInputsReport(record.inputs),
        recordedValues: isObject(record.recordedValues) ? record.recordedValues : null,
        environment: isObject(record.environment) ? record.environment : null,
        raw,
    };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseInputsReport(value: unknown): InputsReport | null {
    if (!isObject(value)) {
        return null;
    }
    const groups: Record<string, Record<string, unknown>> = {};
    const from: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
        if (key === 'from' && isObject(item)) {
            for (const [name, source] of Object.entries(item)) {
                if (typeof source === 'string') {
                    from[name] = source;
                }
            }
        } else if (key !== 'given' && isObject(item)) {
            groups[key] = item;
        }
    }
    return { groups, from, given: isObject(value.given) ? value.given : null };
}

function parseConditions(value: unknown): ConditionRow[] {
    if (!Array.isArray(value)) {
        return [];
    }
    return value.filter(row => row && typeof row === 'object' && typeof (row as ConditionRow).number === 'number').map(row => {
        const r = row as Record<string, unknown>;
        return {
            number: r.number as number,
            name: typeof r.name === 'string' ? r.name : null,
            output: typeof r.output === 'boolean' ? r.output : null,
            routed: r.routed === true,
        };
    });
}

/** "condition 1 (caller has an email)": the one wording of a condition, the same as the CLI's. */
export function conditionLabel(number: number, name: string | null): string {
    return name === null ? `condition ${number}` : `condition ${number} (${name})`;
}

function asText(value: unknown): string {
    if (value === undefined || value === null) {
        return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Accepts a line number, `{line, column?, uri?|path?}` or a "file:line" / "line N" string. */
export function parseLocation(value: unknown): ErrorLocation | null {
    if (typeof value === 'number') {
        return value >= 1 ? { line: Math.floor(value) } : null;
    }
    if (typeof value === 'string') {
        return locationInText(value);
    }
    if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const line = typeof record.line === 'number' ? record.line : undefined;
        if (line === undefined || line < 1) {
            return null;
        }
        const location: ErrorLocation = { line: Math.floor(line) };
        const column = typeof record.column === 'number' ? record.column : record.character;
        if (typeof column === 'number' && column >= 0) {
            location.column = column;
        }
        if (typeof record.uri === 'string') {
            location.uri = record.uri;
        } else if (typeof record.path === 'string') {
            location.path = record.path;
        } else if (typeof record.file === 'string') {
            location.path = record.file;
        }
        return location;
    }
    return null;
}

/** Finds the last "line N" in an error text (Python tracebacks name the innermost frame last). */
export function locationInText(text: string): ErrorLocation | null {
    let line: number | null = null;
    const pattern = /\bline (\d+)/gi;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        line = Number(match[1]);
    }
    if (line !== null && line >= 1) {
        return { line };
    }
    const fileLine = /^(.+?):(\d+)(?::\d+)?$/.exec(text.trim());
    return fileLine ? { path: fileLine[1], line: Number(fileLine[2]) } : null;
}

/** A CodeLens the server offers for running a node: where it sits and the arguments it carries. */
export interface RunLens {
    line: number;
    title: string;
    args: RunArgs;
}

/**
 * Chooses the node to run for a cursor line: the last run lens at or above the cursor (a lens sits on its node's
 * first line), else the first lens in the file. Returns undefined when the file has no run lens.
 */
export function lensForLine(lenses: readonly RunLens[], cursorLine: number): RunLens | undefined {
    const sorted = [...lenses].sort((a, b) => a.line - b.line);
    let chosen: RunLens | undefined;
    for (const lens of sorted) {
        if (lens.line <= cursorLine) {
            chosen = lens;
        }
    }
    return chosen ?? sorted[0];
}

/** Reads the run arguments out of a CodeLens command's argument list, if it is a run of a node. */
export function runArgsOf(command: string | undefined, args: readonly unknown[] | undefined): RunArgs | undefined {
    if (command !== RUN_COMMAND || !args || args.length === 0) {
        return undefined;
    }
    const first = args[0];
    if (!first || typeof first !== 'object' || Array.isArray(first)) {
        return undefined;
    }
    const record = first as Record<string, unknown>;
    if (typeof record.uri !== 'string' && typeof record.path !== 'string') {
        return undefined;
    }
    return record as RunArgs;
}

/** A short name for the run target, for titles: the node id, else the file name. */
export function targetLabel(args: RunArgs): string {
    const file = (args.uri ?? args.path ?? '').split(/[\\/]/).pop() ?? '';
    const name = decodeURIComponentSafe(file);
    return args.node ? `${args.node} (${name})` : name;
}

function decodeURIComponentSafe(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}
