// Runs a node through the server: trust check, choosing the node, inputs, progress with cancel, and the result view.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { formatInputs, historyKey, parseInputs, remember } from './inputs';
import type { ServerManager } from './languageClient';
import type { Log } from './log';
import type { ResultView } from './resultView';
import {
    RUN_COMMAND, buildRunArgs, lensForLine, normalizeRunResult, runArgsOf, targetLabel, type RunArgs, type RunLens,
} from './runModel';
import type { ServerStatus } from './status';

export class NodeRunner {
    constructor(
        private readonly state: vscode.Memento,
        private readonly manager: () => ServerManager,
        private readonly view: () => ResultView,
        private readonly status: ServerStatus,
        private readonly log: Log,
    ) {}

    /** Runs with the given arguments, or the node at the cursor; returns the server's raw answer. */
    async run(given: RunArgs | vscode.Uri | undefined): Promise<unknown> {
        if (!this.allowed()) {
            return undefined;
        }
        const args = await this.target(given);
        return args ? this.execute(args) : undefined;
    }

    /** Lets the user pick or edit the inputs first, and remembers them for the next run of the same node. */
    async runWithInputs(given: RunArgs | vscode.Uri | undefined): Promise<unknown> {
        if (!this.allowed()) {
            return undefined;
        }
        const args = await this.target(given);
        if (!args) {
            return undefined;
        }
        const key = historyKey(args.uri ?? args.path ?? '', args.node);
        const history = this.state.get<string[]>(key, []);
        const inputs = await pickInputs(args, history);
        if (!inputs) {
            return undefined;
        }
        await this.state.update(key, remember(history, inputs));
        return this.execute({ ...args, inputs });
    }

    /** Workspace trust: code never runs in a restricted window; diagnostics keep working there. */
    private allowed(): boolean {
        if (vscode.workspace.isTrusted) {
            return true;
        }
        const message = 'Code Node does not run code in an untrusted workspace. Trust this folder to run nodes; diagnostics work either way.';
        this.log.warn(message);
        void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then(choice => {
            if (choice) {
                void vscode.commands.executeCommand('workbench.trust.manage');
            }
        });
        return false;
    }

    /** The node to run: explicit arguments (from a CodeLens), a file URI (from a menu), or the editor's cursor. */
    private async target(given: RunArgs | vscode.Uri | undefined): Promise<RunArgs | undefined> {
        if (given && !(given instanceof vscode.Uri) && (given.uri || given.path)) {
            return given;
        }
        const editor = vscode.window.activeTextEditor;
        const uri = given instanceof vscode.Uri ? given : editor?.document.uri;
        if (!uri) {
            void vscode.window.showErrorMessage('Open a code node (a .pflow.md workflow, or a Python or TypeScript node) to run it.');
            return undefined;
        }
        const cursorLine = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active.line : 0;
        const lenses = await this.runLenses(uri);
        const lens = lensForLine(lenses, cursorLine);
        if (lens) {
            this.log.info(`Running the node of the CodeLens "${lens.title}" on line ${lens.line + 1}.`);
            return lens.args;
        }
        // Without a run lens (a file that is one node), the server decides which node the file is.
        return buildRunArgs({ uri: uri.toString() }, undefined, undefined);
    }

    /** The server's "run" CodeLenses in a file, which carry the exact arguments for each node. */
    private async runLenses(uri: vscode.Uri): Promise<RunLens[]> {
        try {
            const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100) ?? [];
            const result: RunLens[] = [];
            for (const lens of lenses) {
                const args = runArgsOf(lens.command?.command, lens.command?.arguments);
                if (args) {
                    result.push({ line: lens.range.start.line, title: lens.command?.title ?? '', args });
                }
            }
            return result;
        } catch (error) {
            this.log.warn(`Could not read CodeLenses: ${error instanceof Error ? error.message : String(error)}`);
            return [];
        }
    }

    private async execute(args: RunArgs): Promise<unknown> {
        const client = this.manager().running;
        if (!client) {
            void vscode.window.showErrorMessage('The Code Node language server is not running. See "Code Node: Show Output", or use "Code Node: Restart Server".');
            return undefined;
        }
        const label = targetLabel(args);
        this.log.info(`Run ${label}: ${JSON.stringify(args)}`);
        this.status.set('busy', `Running ${label}…`);
        try {
            const raw = await vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: `Running ${label}`, cancellable: true },
                (_progress, token) => client.sendRequest(ExecuteCommandRequest.type, { command: RUN_COMMAND, arguments: [args] }, token),
            );
            const result = normalizeRunResult(raw);
            this.log.info(`Run ${label}: ${result.ok ? 'succeeded' : 'failed'}${result.durationMs !== null ? ` in ${result.durationMs} ms` : ''}.`);
            this.view().show(result, args);
            return raw;
        } catch (error) {
            const message = `Running ${label} failed: ${error instanceof Error ? error.message : String(error)}`;
            this.log.error(message);
            void vscode.window.showErrorMessage(message);
            return undefined;
        } finally {
            // Back to whatever the server's state is now (it may have stopped during a long run).
            if (this.manager().running) {
                this.status.set('running', `The language server is running: ${this.manager().describe()}.`);
            } else {
                this.status.set('stopped', 'The language server stopped. Use "Code Node: Restart Server" to start it again.');
            }
        }
    }
}

/** Offers the remembered input sets, the server's own inputs (if the lens carried any), typing JSON, or an editor. */
async function pickInputs(args: RunArgs, history: readonly string[]): Promise<Record<string, unknown> | undefined> {
    type Item = vscode.QuickPickItem & { action: 'type' | 'editor' | 'use'; inputs?: Record<string, unknown> };
    const start = args.inputs ?? (history[0] ? parseStored(history[0]) : undefined) ?? {};
    const items: Item[] = [
        { label: '$(edit) Edit inputs in a JSON editor…', description: 'a JSON document; choose Run when done', action: 'editor' },
        { label: '$(pencil) Type inputs as JSON…', action: 'type' },
    ];
    if (args.inputs) {
        items.push({ label: JSON.stringify(args.inputs), description: 'inputs from the server', action: 'use', inputs: args.inputs });
    }
    for (const entry of history) {
        const inputs = parseStored(entry);
        if (inputs) {
            items.push({ label: entry, description: 'used before', action: 'use', inputs });
        }
    }
    items.push({ label: '{}', description: 'no inputs', action: 'use', inputs: {} });
    const choice = await vscode.window.showQuickPick(items, { title: `Inputs for ${targetLabel(args)}`, placeHolder: 'Pick input values, or edit them' });
    if (!choice) {
        return undefined;
    }
    if (choice.action === 'use') {
        return choice.inputs;
    }
    if (choice.action === 'type') {
        const text = await vscode.window.showInputBox({
            title: `Inputs for ${targetLabel(args)}`,
            prompt: 'A JSON object of input values',
            value: JSON.stringify(start),
            validateInput: value => {
                const parsed = parseInputs(value);
                return parsed.ok ? undefined : parsed.message;
            },
        });
        if (text === undefined) {
            return undefined;
        }
        const parsed = parseInputs(text);
        return parsed.ok ? parsed.value : undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: formatInputs(start) });
    await vscode.window.showTextDocument(document, { preview: false });
    for (;;) {
        const action = await vscode.window.showInformationMessage(`Edit the inputs for ${targetLabel(args)}, then choose Run.`, 'Run', 'Cancel');
        if (action !== 'Run') {
            return undefined;
        }
        const parsed = parseInputs(document.getText());
        if (parsed.ok) {
            return parsed.value;
        }
        void vscode.window.showErrorMessage(parsed.message);
    }
}

function parseStored(entry: string): Record<string, unknown> | undefined {
    const parsed = parseInputs(entry);
    return parsed.ok ? parsed.value : undefined;
}
