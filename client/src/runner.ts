// Runs a node through the server: trust check, choosing the node, inputs, progress with cancel, and the result view.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { formatInputs, historyKey, parseInputs, remember } from './inputs';
import type { ServerManager } from './languageClient';
import type { Log } from './log';
import type { ResultView } from './resultView';
import {
    HISTORY_COMMAND, INPUTS_COMMAND, SAVE_CASE_COMMAND, RUN_COMMAND, buildRunArgs, lensForLine, normalizeRunResult, runArgsOf, targetLabel, type RunArgs, type RunLens, type RunResult,
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
        if (inputs === 'editor') {
            await this.openInputsEditor(args);
            return undefined;
        }
        if (!inputs) {
            return undefined;
        }
        await this.state.update(key, remember(history, inputs));
        return this.execute({ ...args, inputs });
    }

    /** Inputs documents opened by this window, and the node each one runs. */
    private readonly inputsDocuments = new Map<string, RunArgs>();

    /**
     * Opens the node's inputs document, `.codenode/inputs/KEY.json` (a real file, git-ignored), pre-filled by the
     * server (`codenode.runInputs`) and naming the schema generated for the node beside it; its CodeLenses run it or
     * save it as a test case. An inputs document already open keeps the user's edits.
     */
    async openInputsEditor(args: RunArgs): Promise<void> {
        const client = this.manager().running;
        if (!client) {
            return;
        }
        const answer = await client.sendRequest(ExecuteCommandRequest.type, { command: INPUTS_COMMAND, arguments: [{ uri: args.uri, path: args.path, node: args.node }] }) as Record<string, unknown> | null;
        if (!answer || typeof answer.inputsFile !== 'string' || typeof answer.schemaFile !== 'string') {
            void vscode.window.showErrorMessage(`No inputs for ${targetLabel(args)}: ${String(answer?.error ?? 'the server did not answer')}`);
            return;
        }
        const file = vscode.Uri.file(answer.inputsFile);
        const schema = vscode.Uri.file(answer.schemaFile);
        const encoder = new TextEncoder();
        const folder = vscode.Uri.joinPath(file, '..');
        await vscode.workspace.fs.createDirectory(folder);
        await vscode.workspace.fs.writeFile(schema, encoder.encode(JSON.stringify(answer.schema, null, 2) + '\n'));
        const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === file.toString());
        if (!open || !open.isDirty) {
            const schemaName = schema.path.split('/').pop() ?? '';
            const content = { $schema: `./${schemaName}`, ...(answer.inputs as Record<string, unknown> ?? {}) };
            await vscode.workspace.fs.writeFile(file, encoder.encode(formatInputs(content)));
        }
        await ensureIgnored(answer.inputsFile);
        const node = typeof answer.node === 'string' ? answer.node : args.node;
        this.inputsDocuments.set(file.toString(), { uri: args.uri, path: args.path, node });
        await vscode.window.showTextDocument(file, { preview: false });
    }

    /** The node an inputs document runs (remembered when it was opened). */
    inputsTarget(uri: vscode.Uri): RunArgs | undefined {
        return this.inputsDocuments.get(uri.toString());
    }

    /** The inputs document's CodeLens "Run with these inputs": saves it (no prompt later), then runs with its values. */
    async runInputsDocument(uri: vscode.Uri): Promise<unknown> {
        const target = this.inputsTarget(uri);
        const document = await vscode.workspace.openTextDocument(uri);
        if (!target || !this.allowed()) {
            return undefined;
        }
        await document.save();
        const parsed = parseInputs(document.getText());
        if (!parsed.ok) {
            void vscode.window.showErrorMessage(parsed.message);
            return undefined;
        }
        const { $schema: _schema, ...inputs } = parsed.value;
        const key = historyKey(target.uri ?? target.path ?? '', target.node);
        await this.state.update(key, remember(this.state.get<string[]>(key, []), inputs));
        return this.execute({ ...target, inputs });
    }

    /** The inputs document's CodeLens "Save as test case…": asks a name and keeps the values next to the node. */
    async saveInputsAsCase(uri: vscode.Uri): Promise<void> {
        const target = this.inputsTarget(uri);
        const client = this.manager().running;
        const document = await vscode.workspace.openTextDocument(uri);
        const parsed = parseInputs(document.getText());
        if (!target || !client || !parsed.ok) {
            void vscode.window.showErrorMessage(parsed.ok ? 'Open the inputs with "Run Node with Inputs…" first.' : parsed.message);
            return;
        }
        const name = await vscode.window.showInputBox({ title: `Save the inputs of ${targetLabel(target)} as a test case`, prompt: 'Test case name' });
        if (!name) {
            return;
        }
        const answer = await client.sendRequest(ExecuteCommandRequest.type, { command: SAVE_CASE_COMMAND, arguments: [{ ...target, name, inputs: parsed.value }] }) as Record<string, unknown> | null;
        if (answer?.ok === true) {
            void vscode.window.showInformationMessage(`Saved test case "${name}" in ${String(answer.file)}.`);
        } else {
            void vscode.window.showErrorMessage(`The test case was not saved: ${String(answer?.error ?? 'no answer')}`);
        }
    }

    /** The node's kept runs (`codenode.runHistory`); for pflow the step the run ran. */
    async history(args: RunArgs, result: RunResult): Promise<unknown> {
        const client = this.manager().running;
        if (!client) {
            return undefined;
        }
        const node = result.dialect === 'pflow' && result.node ? result.node : args.node;
        return client.sendRequest(ExecuteCommandRequest.type, { command: HISTORY_COMMAND, arguments: [{ uri: args.uri, path: args.path, node }] });
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
            await this.view().show(result, args);
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

/** Makes sure the inputs folder holds a `.gitignore` of `*` (the server does the same for its history folder). */
async function ensureIgnored(inputsFile: string): Promise<void> {
    const marker = '/.codenode/inputs/';
    const at = inputsFile.lastIndexOf(marker);
    if (at < 0) {
        return;
    }
    const ignore = vscode.Uri.file(inputsFile.slice(0, at + marker.length) + '.gitignore');
    try {
        await vscode.workspace.fs.stat(ignore);
    } catch {
        await vscode.workspace.fs.writeFile(ignore, new TextEncoder().encode('# Written by Code Node (docs/run.md): local inputs documents, not for version control.\n*\n'));
    }
}

/** Offers the remembered input sets, the server's own inputs (if the lens carried any), typing JSON, or an editor. */
async function pickInputs(args: RunArgs, history: readonly string[]): Promise<Record<string, unknown> | 'editor' | undefined> {
    type Item = vscode.QuickPickItem & { action: 'type' | 'editor' | 'use'; inputs?: Record<string, unknown> };
    const start = args.inputs ?? (history[0] ? parseStored(history[0]) : undefined) ?? {};
    const items: Item[] = [
        { label: '$(edit) Edit inputs in a JSON editor…', description: 'pre-filled, with completion; run it from its CodeLens', action: 'editor' },
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
    return 'editor';
}

function parseStored(entry: string): Record<string, unknown> | undefined {
    const parsed = parseInputs(entry);
    return parsed.ok ? parsed.value : undefined;
}
