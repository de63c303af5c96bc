// The status bar item that shows the server's state; clicking it opens the log.
import * as vscode from 'vscode';

/** The states the user can see. */
export type ServerState = 'starting' | 'running' | 'stopped' | 'failed' | 'busy';

const ICONS: Record<ServerState, string> = {
    starting: '$(sync~spin)',
    running: '$(check)',
    stopped: '$(circle-slash)',
    failed: '$(error)',
    busy: '$(loading~spin)',
};

export class ServerStatus implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor(showOutputCommand: string) {
        this.item = vscode.window.createStatusBarItem('codeNode.status', vscode.StatusBarAlignment.Left, 10);
        this.item.name = 'Code Node Server';
        this.item.command = showOutputCommand;
        this.set('starting', 'Starting the language server…');
        this.item.show();
    }

    /** Shows a state; `detail` goes to the tooltip (e.g. which server binary runs, or why it failed). */
    set(state: ServerState, detail: string): void {
        const words: Record<ServerState, string> = {
            starting: 'starting', running: 'ready', stopped: 'stopped', failed: 'failed', busy: 'running node',
        };
        this.item.text = `${ICONS[state]} Code Node: ${words[state]}`;
        this.item.tooltip = `${detail}\nClick to show the Code Node log.`;
        this.item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
