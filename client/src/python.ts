// Asks the Python extension (ms-python.python), when installed, which interpreter the user selected.
import * as vscode from 'vscode';
import type { Log } from './log';

/** The slice of the Python extension's public API used here (its `environments` API, with the older fallback). */
interface PythonApi {
    environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
        resolveEnvironment(environment: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
        onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
    };
    settings?: {
        getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] };
        onDidChangeExecutionDetails?: vscode.Event<unknown>;
    };
}

const PYTHON_EXTENSION = 'ms-python.python';

async function pythonApi(log: Log): Promise<PythonApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
    if (!extension) {
        return undefined;
    }
    try {
        return extension.isActive ? extension.exports : await extension.activate();
    } catch (error) {
        log.warn(`The Python extension did not activate: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}

/** The selected interpreter's executable, or undefined when the Python extension is missing or has none. */
export async function selectedInterpreter(resource: vscode.Uri | undefined, log: Log): Promise<string | undefined> {
    const api = await pythonApi(log);
    if (!api) {
        return undefined;
    }
    try {
        if (api.environments) {
            const active = api.environments.getActiveEnvironmentPath(resource);
            if (active) {
                const resolved = await api.environments.resolveEnvironment(active);
                return resolved?.executable?.uri?.fsPath ?? active.path;
            }
        }
        return api.settings?.getExecutionDetails(resource).execCommand?.[0];
    } catch (error) {
        log.warn(`Could not ask the Python extension for its interpreter: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}

/** Calls `listener` when the user picks another interpreter in the Python extension. */
export async function onInterpreterChange(listener: () => void, log: Log): Promise<vscode.Disposable | undefined> {
    const api = await pythonApi(log);
    const event = api?.environments?.onDidChangeActiveEnvironmentPath ?? api?.settings?.onDidChangeExecutionDetails;
    return event ? event(() => listener()) : undefined;
}
