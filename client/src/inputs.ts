// Input values for "Run Node with Inputs…": parsing what the user typed and remembering recent choices per node.

/** How many earlier input sets are remembered for each node. */
export const HISTORY_SIZE = 5;

/** Parses the user's text as a JSON object; the error message is shown next to the input box. */
export function parseInputs(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
    const trimmed = text.trim();
    if (trimmed === '') {
        return { ok: true, value: {} };
    }
    let value: unknown;
    try {
        value = JSON.parse(trimmed);
    } catch (error) {
        return { ok: false, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, message: 'Inputs must be a JSON object: {"name": value, ...}' };
    }
    return { ok: true, value: value as Record<string, unknown> };
}

/** Puts the newest input set first, without duplicates, keeping at most HISTORY_SIZE. */
export function remember(history: readonly string[], inputs: Record<string, unknown>): string[] {
    const entry = JSON.stringify(inputs);
    return [entry, ...history.filter(item => item !== entry)].slice(0, HISTORY_SIZE);
}

/** The key under which a node's input history is stored in the workspace state. */
export function historyKey(uri: string, node: string | undefined): string {
    return `codeNode.inputs:${uri}#${node ?? ''}`;
}

/** Pretty JSON for the editable document, so nested values are easy to change. */
export function formatInputs(inputs: Record<string, unknown>): string {
    return JSON.stringify(inputs, null, 2) + '\n';
}
