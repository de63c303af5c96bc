// Activation only: creates the log, status item, server manager, runner, result view and commands, and wires events.
import * as vscode from 'vscode';
import { COMMANDS, registerCommands } from './commands';
import { ServerManager } from './languageClient';
import { createLogger } from './logger';
import { onInterpreterChange } from './python';
import { ResultView } from './resultView';
import { NodeRunner } from './runner';
import { SECTION } from './settings';
import { ServerStatus } from './status';

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const { channel, log } = createLogger();
    const status = new ServerStatus(COMMANDS.showOutput);
    log.info(`Code Node ${context.extension.packageJSON.version as string} activating (workspace trusted: ${vscode.workspace.isTrusted}).`);
    const runner: NodeRunner = new NodeRunner(context.workspaceState, () => serverManager, () => view, status, log);
    const view = new ResultView(args => runner.run(args), (args, result) => runner.history(args, result));
    const serverManager = new ServerManager(context, channel, log, status, args => runner.run(args));
    manager = serverManager;
    context.subscriptions.push(channel, status, view, serverManager, ...registerCommands(runner, serverManager, channel));

    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(event => {
        if (event.affectsConfiguration(`${SECTION}.server.path`)) {
            void serverManager.restart();
        } else if (event.affectsConfiguration(SECTION)) {
            void serverManager.notifySettingsChanged();
        }
    }));
    // Trust changes what the server may do (runs), so it is told like a settings change.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void serverManager.notifySettingsChanged()));
    const interpreterListener = await onInterpreterChange(() => void serverManager.notifySettingsChanged(), log);
    if (interpreterListener) {
        context.subscriptions.push(interpreterListener);
    }
    await serverManager.start();
}

export async function deactivate(): Promise<void> {
    await manager?.stop();
}
