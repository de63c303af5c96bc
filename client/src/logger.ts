// The "Code Node" log channel: one LogOutputChannel shared by the extension and the language client.
import * as vscode from 'vscode';
import type { Log } from './log';

/** Creates the channel; `show()` backs the Show Output command. */
export function createLogger(): { channel: vscode.LogOutputChannel; log: Log } {
    const channel = vscode.window.createOutputChannel('Code Node', { log: true });
    const log: Log = {
        info: message => channel.info(message),
        warn: message => channel.warn(message),
        error: message => channel.error(message),
    };
    return { channel, log };
}
