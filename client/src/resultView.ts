// The webview panel that shows a run's result; one panel, reused for every run.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderResultHtml } from './resultHtml';
import { casesList, compareHtml, historyList, parseCases, parseHistory, type HistoryEntry } from './runHistory';
import { normalizeRunResult, targetLabel, type RunArgs, type RunResult } from './runModel';

/** The message the page's script posts: go to the error's line, run again, show a kept run, or compare two. */
type PageMessage = { type: 'openLocation'; line: number; column?: number; uri?: string; path?: string } | { type: 'rerun' }
    | { type: 'showRun'; id: string } | { type: 'compare'; ids: string[] } | { type: 'runCase'; name: string };

/** Asks the server for a node's kept runs (`codenode.runHistory`); undefined when it cannot. */
export type HistorySource = (args: RunArgs, result: RunResult) => Promise<unknown>;

export class ResultView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private lastArgs: RunArgs | undefined;
    private entries: HistoryEntry[] = [];
    private cases: string[] = [];
    private shown: RunResult | undefined;

    constructor(private readonly rerun: (args: RunArgs) => unknown, private readonly history?: HistorySource) {}

    /** Shows a fresh run with the node's kept runs under it (asked first, so the page is drawn once). */
    async show(result: RunResult, args: RunArgs): Promise<void> {
        this.lastArgs = args;
        this.entries = [];
        this.cases = [];
        if (this.history) {
            try {
                const answer = await this.history(args, result);
                this.entries = parseHistory(answer);
                this.cases = parseCases(answer);
            } catch {
                // No history is no reason to hide the result.
            }
        }
        if (this.lastArgs === args) {
            this.render(result, args);
        }
    }

    private render(result: RunResult, args: RunArgs, comparison?: string): void {
        this.shown = result;
        const label = targetLabel(args);
        if (!this.panel) {
            this.panel = vscode.window.createWebviewPanel('codeNode.result', `Run: ${label}`,
                { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
                // No local resources at all: the page is self-contained, with an inline style and script under a nonce.
                { enableScripts: true, localResourceRoots: [] });
            this.panel.onDidDispose(() => {
                this.panel = undefined;
            });
            this.panel.webview.onDidReceiveMessage((message: PageMessage) => this.onMessage(message));
        }
        this.panel.title = `Run: ${label}`;
        this.panel.webview.html = renderResultHtml(result, {
            label,
            nonce: randomBytes(16).toString('hex'),
            cspSource: this.panel.webview.cspSource,
            finishedAt: new Date().toLocaleTimeString(),
            runs: this.history ? historyList(this.entries, runIdOf(result)) + '<h3>Test cases</h3>' + casesList(this.cases) : undefined,
            comparison,
        });
        this.panel.reveal(vscode.ViewColumn.Beside, true);
    }

    private async onMessage(message: PageMessage): Promise<void> {
        const args = this.lastArgs;
        if (!args) {
            return;
        }
        if (message.type === 'rerun') {
            this.rerun(args);
            return;
        }
        if (message.type === 'runCase') {
            const { inputs: _inputs, ...plain } = args;
            this.rerun({ ...plain, case: message.name });
            return;
        }
        if (message.type === 'showRun') {
            const entry = this.entries.find(e => e.id === message.id);
            if (entry) {
                this.render(normalizeRunResult(entry.result), args);
            }
            return;
        }
        if (message.type === 'compare') {
            const picked = message.ids.map(id => this.entries.find(e => e.id === id)).filter((e): e is HistoryEntry => e !== undefined);
            if (picked.length !== 2) {
                void vscode.window.showInformationMessage('Check two runs in the list to compare them.');
                return;
            }
            // Older first, so "+" lines are what changed in the later run.
            const [newer, older] = picked;
            this.render(this.shown ?? normalizeRunResult(newer.result), args, compareHtml(older, newer));
            return;
        }
        if (message.type === 'openLocation' && Number.isFinite(message.line)) {
            const uri = locationUri(message, args);
            const line = Math.max(0, message.line - 1);
            const column = Math.max(0, message.column ?? 0);
            const position = new vscode.Position(line, column);
            await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        }
    }

    dispose(): void {
        this.panel?.dispose();
    }
}

function runIdOf(result: RunResult): string | undefined {
    const raw = result.raw as Record<string, unknown> | null;
    return raw && typeof raw.runId === 'string' ? raw.runId : undefined;
}

/** The file an error points at: its own URI or path (relative to the run's file), else the run's file. */
function locationUri(message: { uri?: string; path?: string }, args: RunArgs): vscode.Uri {
    const runFile = args.uri ? vscode.Uri.parse(args.uri) : vscode.Uri.file(args.path ?? '');
    if (message.uri) {
        return vscode.Uri.parse(message.uri);
    }
    if (message.path) {
        return vscode.Uri.file(path.isAbsolute(message.path) ? message.path : path.join(path.dirname(runFile.fsPath), message.path));
    }
    return runFile;
}
