// The webview panel that shows a run's result; one panel, reused for every run.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderResultHtml } from './resultHtml';
import { targetLabel, type RunArgs, type RunResult } from './runModel';

/** The message the page's script posts: go to the error's line, or run the same node again. */
type PageMessage = { type: 'openLocation'; line: number; column?: number; uri?: string; path?: string } | { type: 'rerun' };

export class ResultView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private lastArgs: RunArgs | undefined;

    constructor(private readonly rerun: (args: RunArgs) => unknown) {}

    show(result: RunResult, args: RunArgs): void {
        this.lastArgs = args;
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
