// The palette commands: Run Node, Run Node with Inputs…, Show Output and Restart Server.
import * as vscode from 'vscode';
import type { ServerManager } from './languageClient';
import type { NodeRunner } from './runner';
import type { RunArgs } from './runModel';

/** Command ids, as declared in package.json's `contributes.commands`. */
export const COMMANDS = {
    runNode: 'codeNode.runNode',
    runNodeWithInputs: 'codeNode.runNodeWithInputs',
    showOutput: 'codeNode.showOutput',
    restartServer: 'codeNode.restartServer',
} as const;

export function registerCommands(runner: NodeRunner, manager: ServerManager, channel: vscode.LogOutputChannel): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(COMMANDS.runNode, (args?: RunArgs | vscode.Uri) => runner.run(args)),
        vscode.commands.registerCommand(COMMANDS.runNodeWithInputs, (args?: RunArgs | vscode.Uri) => runner.runWithInputs(args)),
        vscode.commands.registerCommand(COMMANDS.showOutput, () => channel.show()),
        vscode.commands.registerCommand(COMMANDS.restartServer, () => manager.restart()),
    ];
}
