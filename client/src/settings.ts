// The extension's settings (`codeNode.*`): read and checked once here, and shaped for the server.

/** Trace levels that vscode-languageclient understands for `codeNode.trace.server`. */
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The user's settings after validation; empty strings mean "not set, use the default". */
export interface Settings {
    serverPath: string;
    pythonPath: string;
    nodePath: string;
    /** Default run timeout in seconds. */
    runTimeout: number;
    trace: TraceLevel;
    /** pflow: the release the checks and runs follow (`codeNode.pflow.version`). */
    pflowVersion: PflowVersion;
    /** pflow: accept the behaviours of later pflow versions instead of the documented one. */
    /** Rule codes (or code prefixes) not to report, and code → severity (error, warning, information, hint, off). */
    rules: { ignore: string[]; severity: Record<string, string> };
    /** Which files the Problems panel covers: the open ones, or every code node of the workspace. */
    diagnosticsScope: 'openFiles' | 'workspace';
    /** Inlay hints with the sample value of inputs in code. */
    inlayHints: boolean;
    /** Stack AI runs (docs/run.md): the interpreter's own packages too, the install's own limit, the refresh schedule. */
    stackai: { userEnvironment: boolean; installTimeout: number | null; refreshUnpinnedHours: number | null };
    /** The run cache's size limit in megabytes (null: the server's default). */
    cacheMaxSizeMB: number | null;
}

/** The part of `vscode.WorkspaceConfiguration` that reading settings needs. */
export interface ConfigurationLike {
    get<T>(key: string): T | undefined;
}

/** The pflow releases the server can follow: today's pflow, or 0.8.0. */
export type PflowVersion = 'current' | '0.8';
export const PFLOW_VERSIONS: readonly PflowVersion[] = ['current', '0.8'];

/** The configuration section every setting lives under. */
export const SECTION = 'codeNode';

/** Used when `codeNode.run.timeout` is missing or not a positive number. */
export const DEFAULT_RUN_TIMEOUT = 30;

/** The interpreter used when neither the setting nor the Python extension names one. */
export const DEFAULT_PYTHON = 'python3';

/** The Node.js used for TypeScript nodes when the setting is empty. */
export const DEFAULT_NODE = 'node';

const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/** Reads `codeNode.*`; a value of the wrong type falls back to its default and is reported in `problems`. */
export function readSettings(config: ConfigurationLike): { settings: Settings; problems: string[] } {
    const problems: string[] = [];
    const text = (key: string): string => {
        const value = config.get<unknown>(key);
        if (value === undefined || value === null) {
            return '';
        }
        if (typeof value !== 'string') {
            problems.push(`${SECTION}.${key} should be a string; ignoring ${JSON.stringify(value)}.`);
            return '';
        }
        return value.trim();
    };
    let runTimeout = DEFAULT_RUN_TIMEOUT;
    const timeout = config.get<unknown>('run.timeout');
    if (timeout !== undefined && timeout !== null) {
        if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) {
            runTimeout = timeout;
        } else {
            problems.push(`${SECTION}.run.timeout should be a positive number of seconds; using ${DEFAULT_RUN_TIMEOUT}.`);
        }
    }
    let trace: TraceLevel = 'off';
    const traceValue = config.get<unknown>('trace.server');
    if (typeof traceValue === 'string' && (TRACE_LEVELS as readonly string[]).includes(traceValue)) {
        trace = traceValue as TraceLevel;
    } else if (traceValue !== undefined && traceValue !== null) {
        problems.push(`${SECTION}.trace.server should be one of ${TRACE_LEVELS.join(', ')}; using off.`);
    }
    // `pflow.version` wins; the old boolean `pflow.laterBehaviours` is read only when no version is given
    // (true: current, false: 0.8).
    let pflowVersion: PflowVersion = 'current';
    const version = config.get<unknown>('pflow.version');
    const later = config.get<unknown>('pflow.laterBehaviours');
    if (typeof version === 'string' && (PFLOW_VERSIONS as readonly string[]).includes(version)) {
        pflowVersion = version as PflowVersion;
    } else if (version !== undefined && version !== null) {
        problems.push(`${SECTION}.pflow.version should be one of ${PFLOW_VERSIONS.join(', ')}; using current.`);
    } else if (typeof later === 'boolean') {
        pflowVersion = later ? 'current' : '0.8';
    }
    if (later !== undefined && later !== null && typeof later !== 'boolean') {
        problems.push(`${SECTION}.pflow.laterBehaviours should be true or false; using the version setting.`);
    }
    const ignoreValue = config.get<unknown>('rules.ignore');
    const ignore = Array.isArray(ignoreValue) ? ignoreValue.filter((item): item is string => typeof item === 'string') : [];
    if (ignoreValue !== undefined && ignoreValue !== null && (!Array.isArray(ignoreValue) || ignore.length !== ignoreValue.length)) {
        problems.push(`${SECTION}.rules.ignore should be a list of rule codes; ignoring the other entries.`);
    }
    const severityValue = config.get<unknown>('rules.severity');
    const severity: Record<string, string> = {};
    if (severityValue && typeof severityValue === 'object' && !Array.isArray(severityValue)) {
        for (const [code, level] of Object.entries(severityValue as Record<string, unknown>)) {
            if (typeof level === 'string') {
                severity[code] = level;
            } else {
                problems.push(`${SECTION}.rules.severity.${code} should be error, warning, information, hint or off.`);
            }
        }
    } else if (severityValue !== undefined && severityValue !== null) {
        problems.push(`${SECTION}.rules.severity should be an object of rule code to severity.`);
    }
    const scope = config.get<unknown>('diagnostics.scope');
    const positive = (key: string): number | null => {
        const value = config.get<unknown>(key);
        if (value === undefined || value === null) {
            return null;
        }
        if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
            return value;
        }
        problems.push(`${SECTION}.${key} should be a positive number; using the default.`);
        return null;
    };
    const userEnvironment = config.get<unknown>('stackai.userEnvironment');
    if (userEnvironment !== undefined && userEnvironment !== null && typeof userEnvironment !== 'boolean') {
        problems.push(`${SECTION}.stackai.userEnvironment should be true or false; using false.`);
    }
    const settings: Settings = {
        serverPath: text('server.path'),
        pythonPath: text('python.path'),
        nodePath: text('node.path'),
        runTimeout,
        trace,
        pflowVersion,
        rules: { ignore, severity },
        diagnosticsScope: scope === 'workspace' ? 'workspace' : 'openFiles',
        inlayHints: config.get<unknown>('inlayHints.enabled') === true,
        stackai: {
            userEnvironment: userEnvironment === true,
            installTimeout: positive('stackai.installTimeout'),
            refreshUnpinnedHours: positive('stackai.refreshUnpinnedHours'),
        },
        cacheMaxSizeMB: positive('cache.maxSizeMB'),
    };
    return { settings, problems };
}

/**
 * Picks the Python interpreter: the setting wins, then the Python extension's selected interpreter, then python3.
 * The source is returned too so the log can say why an interpreter was chosen.
 */
export function pickPython(setting: string, fromPythonExtension: string | undefined): { path: string; source: string } {
    if (setting) {
        return { path: setting, source: `the ${SECTION}.python.path setting` };
    }
    if (fromPythonExtension) {
        return { path: fromPythonExtension, source: 'the Python extension\'s selected interpreter' };
    }
    return { path: DEFAULT_PYTHON, source: 'the default' };
}

/**
 * The settings object the server receives, both as `initializationOptions.settings` and as the answer to
 * `workspace/configuration` for the `codeNode` section. Its keys are the ones the server's Workspace/Settings.cs
 * reads (`pythonPath`, `nodePath`, `defaultTimeout`, `pflow.version`) plus `clientPythonPath`, the
 * interpreter the Python extension selected, which the runner uses when `pythonPath` is empty (before `python3`).
 * The VS Code setting names are the client's concern, so this is the one place that maps between the two.
 */
export interface ServerSettings {
    /** `codeNode.python.path` as the user set it; empty when not set. */
    pythonPath: string;
    /** The Python extension's selected interpreter; empty when it is not installed or has none. */
    clientPythonPath: string;
    nodePath: string;
    /** Seconds a run may take when the node sets no timeout of its own. */
    defaultTimeout: number;
    pflow: { version: PflowVersion };
    rules: { ignore: string[]; severity: Record<string, string> };
    diagnostics: { scope: 'openFiles' | 'workspace' };
    inlayHints: { enabled: boolean };
    /** Stack AI runs; a null value is left to the server's default. */
    stackai: { userEnvironment: boolean; installTimeout: number | null; refreshUnpinnedHours: number | null };
    cache: { maxSizeMB: number | null };
    serverPath: string;
    trace: TraceLevel;
    /** False in an untrusted workspace: the server should then refuse runs too (diagnostics still work). */
    workspaceTrusted: boolean;
}

/** Builds what the server is told; the server needs no knowledge of VS Code or its Python extension. */
export function toServerSettings(settings: Settings, clientPythonPath: string | undefined, trusted: boolean): ServerSettings {
    return {
        pythonPath: settings.pythonPath,
        clientPythonPath: clientPythonPath ?? '',
        nodePath: settings.nodePath || DEFAULT_NODE,
        defaultTimeout: settings.runTimeout,
        pflow: { version: settings.pflowVersion },
        rules: settings.rules,
        diagnostics: { scope: settings.diagnosticsScope },
        inlayHints: { enabled: settings.inlayHints },
        stackai: { ...settings.stackai },
        cache: { maxSizeMB: settings.cacheMaxSizeMB },
        serverPath: settings.serverPath,
        trace: settings.trace,
        workspaceTrusted: trusted,
    };
}

/** The answer to one `workspace/configuration` item: the whole object for `codeNode`, a sub-object for `codeNode.x`. */
export function settingsFor(section: string | undefined, settings: ServerSettings): unknown {
    if (section === SECTION) {
        return settings;
    }
    if (!section?.startsWith(`${SECTION}.`)) {
        return undefined;
    }
    let value: unknown = settings;
    for (const part of section.slice(SECTION.length + 1).split('.')) {
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    return value;
}
