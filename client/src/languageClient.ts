// Starts, stops and restarts the language client, and feeds the server its settings.
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, ServerOptions, State,
} from 'vscode-languageclient/node';
import type { Log } from './log';
import { selectedInterpreter } from './python';
import { RUN_COMMAND, type RunArgs } from './runModel';
import { findServer, homeDir, nodeProbe, serverEnvironment, type ServerCommand } from './server';
import { SECTION, pickPython, readSettings, settingsFor, toServerSettings, type ServerSettings } from './settings';
import type { ServerStatus } from './status';

/** The files the server is handed; it decides itself which of them are code nodes. */
export const DOCUMENT_SELECTOR = [
    { scheme: 'file', pattern: '**/*.pflow.md' },
    { scheme: 'file', language: 'python' },
    { scheme: 'file', language: 'typescript' },
    { scheme: 'file', pattern: '**/codenode.json' },
];

/** Files whose changes on disk can change diagnostics of open documents (manifests, workflows, samples). */
const WATCHED_FILES = '**/{codenode.json,*.pflow.md,.codenode/samples.json}';

export class ServerManager implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private server: ServerCommand | undefined;
    private restarting: Promise<void> | undefined;
    private restartAgain = false;
    private readonly traceChannel: vscode.LogOutputChannel;
    private readonly disposables: vscode.Disposable[] = [];

    /** `runNode` handles every `codenode.run`, including clicks on the server's CodeLenses, so results get the view. */
    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly channel: vscode.LogOutputChannel,
        private readonly log: Log,
        private readonly status: ServerStatus,
        private readonly runNode: (args: RunArgs | undefined) => Promise<unknown>,
    ) {
        this.traceChannel = vscode.window.createOutputChannel('Code Node Trace', { log: true });
        this.disposables.push(this.traceChannel);
    }

    /** The running client, or undefined while the server is starting, stopped or failed. */
    get running(): LanguageClient | undefined {
        return this.client?.state === State.Running ? this.client : undefined;
    }

    /** What the server is told about the settings, with the Python extension's interpreter alongside. */
    async serverSettings(): Promise<ServerSettings> {
        const { settings, problems } = readSettings(vscode.workspace.getConfiguration(SECTION));
        for (const problem of problems) {
            this.log.warn(problem);
        }
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const selected = await selectedInterpreter(folder, this.log);
        const python = pickPython(settings.pythonPath, selected);
        this.log.info(`Python interpreter for runs: ${python.path} (from ${python.source}).`);
        return toServerSettings(settings, selected, vscode.workspace.isTrusted);
    }

    async start(): Promise<void> {
        const { settings } = readSettings(vscode.workspace.getConfiguration(SECTION));
        this.status.set('starting', 'Looking for the language server…');
        const options = {
            settingPath: settings.serverPath,
            extensionPath: this.context.extensionPath,
            platform: process.platform,
            arch: process.arch,
            workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
            homeDir: homeDir(),
        };
        const discovery = findServer(options, nodeProbe, this.log);
        if (!discovery.ok) {
            this.status.set('failed', discovery.message);
            void vscode.window.showErrorMessage(discovery.message, 'Show Output').then(choice => {
                if (choice) {
                    this.channel.show();
                }
            });
            return;
        }
        this.server = discovery.server;
        const serverOptions: ServerOptions = {
            command: discovery.server.command,
            args: discovery.server.args,
            options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, env: serverEnvironment(process.env, options, nodeProbe) },
        };
        const initialSettings = await this.serverSettings();
        const clientOptions: LanguageClientOptions = {
            documentSelector: DOCUMENT_SELECTOR,
            synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES) },
            // The server reads the section from initializationOptions in the same `{ codeNode: {...} }` shape as a push.
            initializationOptions: { [SECTION]: initialSettings },
            outputChannel: this.channel,
            traceOutputChannel: this.traceChannel,
            middleware: {
                workspace: {
                    // The server pulls `codeNode` settings; answer with the resolved interpreter and trust state.
                    configuration: async (params, token, next) => {
                        const answers = await next(params, token);
                        if (!Array.isArray(answers)) {
                            return answers;
                        }
                        const resolved = await this.serverSettings();
                        return params.items.map((item, index) => settingsFor(item.section, resolved) ?? answers[index]);
                    },
                },
                executeCommand: (command, args, next) => command === RUN_COMMAND ? this.runNode(args[0] as RunArgs | undefined) : next(command, args),
            },
        };
        const client = new LanguageClient(SECTION, 'Code Node', serverOptions, clientOptions);
        this.client = client;
        const where = `${discovery.server.command} (${discovery.server.source})`;
        // A failed start also ends in the Stopped state; the failure, being more useful, stays on the status item.
        let failed = false;
        client.onDidChangeState(event => {
            if (event.newState === State.Running) {
                this.status.set('running', `The language server is running: ${where}.`);
            } else if (event.newState === State.Stopped && !failed) {
                this.status.set('stopped', 'The language server stopped. Use "Code Node: Restart Server" to start it again.');
            }
        });
        try {
            await client.start();
            this.log.info(`Language server started: ${where}.`);
        } catch (error) {
            const message = `The Code Node language server did not start (${where}): ${error instanceof Error ? error.message : String(error)}`;
            this.log.error(message);
            failed = true;
            this.status.set('failed', message);
            void vscode.window.showErrorMessage(message, 'Show Output').then(choice => {
                if (choice) {
                    this.channel.show();
                }
            });
        }
    }

    async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client) {
            try {
                await client.stop(5000);
            } catch (error) {
                this.log.warn(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
            }
            await client.dispose();
        }
    }

    /** Restarts are serialised: a request made while one runs is queued once rather than run concurrently. */
    async restart(): Promise<void> {
        if (this.restarting) {
            this.restartAgain = true;
            return this.restarting;
        }
        this.restarting = (async () => {
            do {
                this.restartAgain = false;
                this.log.info('Restarting the language server.');
                await this.stop();
                await this.start();
            } while (this.restartAgain);
        })();
        try {
            await this.restarting;
        } finally {
            this.restarting = undefined;
        }
    }

    /** Tells the running server the settings changed (push form, with the same object the pull answers). */
    async notifySettingsChanged(): Promise<void> {
        const client = this.running;
        if (client) {
            await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: await this.serverSettings() } });
        }
    }

    /** A one-line description of the server in use, for the log and error messages. */
    describe(): string {
        return this.server ? `${[this.server.command, ...this.server.args].join(' ')} (${this.server.source})` : 'no server';
    }

    dispose(): void {
        void this.stop();
        for (const disposable of this.disposables) {
            disposable.dispose();
        }
    }
}
