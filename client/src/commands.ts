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
    runInputsDocument: 'codeNode.runInputsDocument',
    saveInputsAsCase: 'codeNode.saveInputsAsCase',
} as const;

export function registerCommands(runner: NodeRunner, manager: ServerManager, channel: vscode.LogOutputChannel): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(COMMANDS.runNode, (args?: RunArgs | vscode.Uri) => runner.run(args)),
        vscode.commands.registerCommand(COMMANDS.runNodeWithInputs, (args?: RunArgs | vscode.Uri) => runner.runWithInputs(args)),
        vscode.commands.registerCommand(COMMANDS.showOutput, () => channel.show()),
        vscode.commands.registerCommand(COMMANDS.restartServer, () => manager.restart()),
        vscode.commands.registerCommand(COMMANDS.runInputsDocument, (uri: vscode.Uri) => runner.runInputsDocument(uri)),
        vscode.commands.registerCommand(COMMANDS.saveInputsAsCase, (uri: vscode.Uri) => runner.saveInputsAsCase(uri)),
        // The inputs documents (.codenode/inputs/*.json) carry their own Run and Save lenses.
        vscode.languages.registerCodeLensProvider({ language: 'json', pattern: '**/.codenode/inputs/**/*.json' }, {
            provideCodeLenses: document => {
                if (document.uri.path.endsWith('.schema.json') || !runner.inputsTarget(document.uri)) {
                    return [];
                }
                const top = new vscode.Range(0, 0, 0, 0);
                return [
                    new vscode.CodeLens(top, { title: '▶ Run with these inputs', command: COMMANDS.runInputsDocument, arguments: [document.uri] }),
                    new vscode.CodeLens(top, { title: 'Save as test case…', command: COMMANDS.saveInputsAsCase, arguments: [document.uri] }),
                ];
            },
        }),
    ];
}
