// Unit tests of settings: validation with defaults, the interpreter choice, and what the server is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const { readSettings, pickPython, toServerSettings, settingsFor, DEFAULT_RUN_TIMEOUT } = load('settings');

const config = values => ({ get: key => values[key] });

test('empty configuration gives the defaults and no problems', () => {
    const { settings, problems } = readSettings(config({}));
    assert.deepEqual(settings, { serverPath: '', pythonPath: '', nodePath: '', runTimeout: DEFAULT_RUN_TIMEOUT, trace: 'off', pflowVersion: 'current',
        rules: { ignore: [], severity: {} }, diagnosticsScope: 'openFiles', inlayHints: false,
        stackai: { userEnvironment: false, installTimeout: null, refreshUnpinnedHours: null }, cacheMaxSizeMB: null });
    assert.deepEqual(problems, []);
});

test('values are trimmed and kept', () => {
    const { settings } = readSettings(config({ 'server.path': ' /opt/codenode ', 'python.path': '/usr/bin/python3.12', 'run.timeout': 5, 'trace.server': 'verbose' }));
    assert.equal(settings.serverPath, '/opt/codenode');
    assert.equal(settings.pythonPath, '/usr/bin/python3.12');
    assert.equal(settings.runTimeout, 5);
    assert.equal(settings.trace, 'verbose');
});

test('wrong types fall back to defaults with a message each', () => {
    const { settings, problems } = readSettings(config({ 'server.path': 42, 'run.timeout': -1, 'trace.server': 'loud', 'pflow.laterBehaviours': 'yes' }));
    assert.equal(settings.serverPath, '');
    assert.equal(settings.runTimeout, DEFAULT_RUN_TIMEOUT);
    assert.equal(settings.trace, 'off');
    assert.equal(settings.pflowVersion, 'current');
    assert.equal(problems.length, 4);
    assert.ok(problems.some(problem => /run\.timeout should be a positive number/.test(problem)));
});

test('Stack AI run settings are checked and sent nested, as the server reads them', () => {
    const { settings, problems } = readSettings(config({ 'stackai.userEnvironment': true, 'stackai.installTimeout': 120, 'cache.maxSizeMB': 'big' }));
    assert.deepEqual(settings.stackai, { userEnvironment: true, installTimeout: 120, refreshUnpinnedHours: null });
    assert.equal(settings.cacheMaxSizeMB, null);
    assert.equal(problems.length, 1);
    const sent = toServerSettings(settings, undefined, true);
    assert.equal(settingsFor('codeNode.stackai.userEnvironment', sent), true);
    assert.equal(settingsFor('codeNode.stackai.installTimeout', sent), 120);
});

test('the interpreter: setting, then the Python extension, then python3', () => {
    assert.deepEqual(pickPython('/my/python', '/venv/bin/python'), { path: '/my/python', source: 'the codeNode.python.path setting' });
    assert.equal(pickPython('', '/venv/bin/python').path, '/venv/bin/python');
    assert.equal(pickPython('', undefined).path, 'python3');
});

test('server settings use the keys the server reads and carry trust', () => {
    const { settings } = readSettings(config({ 'run.timeout': 12, 'pflow.version': '0.8' }));
    const sent = toServerSettings(settings, '/venv/bin/python', false);
    assert.deepEqual(sent, {
        pythonPath: '', clientPythonPath: '/venv/bin/python', nodePath: 'node', defaultTimeout: 12, pflow: { version: '0.8' },
        rules: { ignore: [], severity: {} }, diagnostics: { scope: 'openFiles' }, inlayHints: { enabled: false },
        stackai: { userEnvironment: false, installTimeout: null, refreshUnpinnedHours: null }, cache: { maxSizeMB: null },
        serverPath: '', trace: 'off', workspaceTrusted: false,
    });
    assert.equal(settingsFor('codeNode', sent), sent);
    assert.deepEqual(settingsFor('codeNode.pflow', sent), { version: '0.8' });
    assert.equal(settingsFor('codeNode.defaultTimeout', sent), 12);
    assert.equal(toServerSettings(readSettings(config({ 'python.path': '/my/py' })).settings, undefined, true).pythonPath, '/my/py');
    assert.equal(toServerSettings(settings, undefined, true).clientPythonPath, '');
    assert.equal(settingsFor('editor', sent), undefined);
    assert.equal(settingsFor(undefined, sent), undefined);
});

test('rules, diagnostics scope and inlay hints reach the server; bad entries are reported and left out', () => {
    const { settings, problems } = readSettings(config({
        'rules.ignore': ['PF104', 7], 'rules.severity': { PF202: 'warning', PF101: true }, 'diagnostics.scope': 'workspace', 'inlayHints.enabled': true,
    }));
    assert.deepEqual(settings.rules, { ignore: ['PF104'], severity: { PF202: 'warning' } });
    assert.equal(problems.length, 2);
    const sent = toServerSettings(settings, undefined, true);
    assert.deepEqual(sent.rules, { ignore: ['PF104'], severity: { PF202: 'warning' } });
    assert.deepEqual(sent.diagnostics, { scope: 'workspace' });
    assert.deepEqual(sent.inlayHints, { enabled: true });
});

test('the old pflow.laterBehaviours flag is an alias when no version is given; a wrong version is reported', () => {
    assert.equal(readSettings(config({ 'pflow.laterBehaviours': false })).settings.pflowVersion, '0.8');
    assert.equal(readSettings(config({ 'pflow.laterBehaviours': true })).settings.pflowVersion, 'current');
    assert.equal(readSettings(config({ 'pflow.version': 'current', 'pflow.laterBehaviours': false })).settings.pflowVersion, 'current');
    const { settings, problems } = readSettings(config({ 'pflow.version': '0.9' }));
    assert.equal(settings.pflowVersion, 'current');
    assert.ok(problems.some(problem => /pflow\.version should be one of current, 0\.8/.test(problem)));
});
