// End-to-end test of the packaged extension in a real VS Code (code-server 4.100.3) driven by headless Chromium.
//
// Usage: node tests/vscode-e2e/run.mjs [--vsix FILE] [--keep]
//   Needs: tests/vscode-e2e/install-code-server.sh run once (it caches code-server and playwright-core in
//   .tools/code-server) and a built .vsix (`npm run package`). Screenshots and logs go to artifacts/e2e/.
// It copies examples/ to a temporary folder (quick fixes edit files), installs the .vsix into a fresh extensions
// folder, starts code-server on a free loopback port and runs the checks in CHECKS below, one test each, printing
// "N passed, N failed" at the end. Exit code 0 only when every check passed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLS = process.env.CODE_SERVER_DIR ?? path.join(ROOT, '.tools/code-server');
const ENTRY = path.join(TOOLS, 'node_modules/code-server/out/node/entry.js');
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(ROOT, 'artifacts/e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const vsixArg = args.indexOf('--vsix') >= 0 ? args[args.indexOf('--vsix') + 1] : undefined;

// E2E_WORKSPACE and E2E_EXPECTATIONS let a developer point the same checks at another folder while iterating.
const WORKSPACE_SOURCE = process.env.E2E_WORKSPACE ?? path.join(ROOT, 'examples');
const { EXPECTATIONS } = await import(process.env.E2E_EXPECTATIONS ? path.resolve(process.env.E2E_EXPECTATIONS) : './expectations.mjs');

/** Whole-test limit: the run must end by itself even if VS Code hangs. */
const TOTAL_TIMEOUT_MS = 8 * 60 * 1000;

function findVsix() {
    if (vsixArg) {
        return path.resolve(vsixArg);
    }
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    return path.join(ROOT, `codenode-lsp-${version}.vsix`);
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function log(message) {
    process.stdout.write(`e2e: ${message}\n`);
}

/** Settings for the test profile: no trust dialog, no welcome page, nothing that talks to the network. */
const USER_SETTINGS = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'chat.commandCenter.enabled': false,
    'editor.codeLens': true,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
};

class Ui {
    constructor(page) {
        this.page = page;
    }

    /** Opens Quick Open (F1) afresh and types `text` into it: ">" runs a command, ":" goes to a line, else a file. */
    async quickInput(text) {
        const page = this.page;
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible', timeout: 10000 });
        await input.fill(text);
    }

    /** Runs a palette command by its title (F1, type, pick the exact entry). */
    async command(title) {
        const page = this.page;
        await this.quickInput(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ state: 'visible', timeout: 10000 });
        // The first row is the best match; pressing Enter on it is what a user does.
        const label = await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label');
        if (!label || !label.startsWith(title)) {
            throw new Error(`the palette's first entry for "${title}" is "${label}"`);
        }
        await page.keyboard.press('Enter');
    }

    /** Opens a file of the workspace with Quick Open (the palette without ">"), and waits for its editor tab. */
    async open(relativePath) {
        const page = this.page;
        const name = path.basename(relativePath);
        await this.quickInput(relativePath);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
        await row.waitFor({ state: 'visible', timeout: 15000 });
        await row.click();
        await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15000 });
    }

    /** Moves the active editor's cursor to a 1-based line with Go to Line (Quick Open with ":"). */
    async goToLine(line) {
        const page = this.page;
        await this.quickInput(`:${line}`);
        await page.waitForTimeout(300);
        await page.keyboard.press('Enter');
        const position = page.locator('.statusbar-item[id="status.editor.selection"]');
        const text = await waitFor(() => position.innerText(), value => value.startsWith(`Ln ${line},`), 5000);
        if (!text.startsWith(`Ln ${line},`)) {
            throw new Error(`Go to Line ${line} left the cursor at "${text}"`);
        }
    }

    /** The text of the active editor, as its view lines show it (enough for the short examples). */
    async editorText() {
        // Monaco renders spaces as no-break spaces.
        const text = await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
        return text.replace(/\u00a0/g, ' ');
    }

    /** Shows the Problems panel with a filter, and returns the text of every marker row shown. */
    async problems(filter) {
        const page = this.page;
        await this.command('View: Focus Problems (Errors, Warnings, Infos)');
        const box = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
        await box.waitFor({ state: 'visible', timeout: 10000 });
        await box.fill(filter ?? '');
        await page.waitForTimeout(700);
        // The row's text has the code ("codenode(MF005)") and position; its aria-label has the severity and message.
        return page.locator('.markers-panel .monaco-list-row').evaluateAll(rows => rows.map(row => `${row.getAttribute('aria-label') ?? ''} ${row.textContent ?? ''}`));
    }

    /** Waits until the status item says the server is ready, or throws with what it says instead. */
    async serverReady(timeoutMs = 60000) {
        const item = this.page.locator('.statusbar-item[id$="codeNode.status"]');
        const deadline = Date.now() + timeoutMs;
        let text = '';
        while (Date.now() < deadline) {
            text = (await item.count()) ? (await item.first().innerText()).trim() : '(no status item)';
            if (text.includes('Code Node: ready')) {
                return text;
            }
            if (text.includes('failed') || text.includes('stopped')) {
                break;
            }
            await this.page.waitForTimeout(500);
        }
        throw new Error(`the status item shows "${text}"`);
    }

    /** The frame of the run result webview, once it shows the result of a run whose title contains `label`. */
    async resultFrame(label, timeoutMs = 60000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            for (const frame of this.page.frames()) {
                try {
                    // A closed view's frame can linger for a moment, so the title must name this run's file.
                    if (await frame.locator('#status').count() && (await frame.locator('#node').innerText({ timeout: 1000 })).includes(label)) {
                        return frame;
                    }
                } catch {
                    // A frame that navigated away while being asked; try the others.
                }
            }
            await this.page.waitForTimeout(500);
        }
        throw new Error('no run result view appeared');
    }

    async screenshot(name) {
        const file = path.join(ARTIFACTS, `${name}.png`);
        await this.page.screenshot({ path: file });
        return file;
    }
}

async function main() {
    const vsix = findVsix();
    if (!fs.existsSync(ENTRY)) {
        throw new Error(`code-server is not installed at ${TOOLS}; run tests/vscode-e2e/install-code-server.sh`);
    }
    if (!fs.existsSync(vsix)) {
        throw new Error(`${vsix} does not exist; run "npm run package" first`);
    }
    const require = createRequire(path.join(TOOLS, 'package.json'));
    const { chromium } = require('playwright-core');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codenode-e2e-'));
    const results = [];
    const timer = setTimeout(() => {
        log(`timed out after ${TOTAL_TIMEOUT_MS / 1000} s`);
        process.exit(1);
    }, TOTAL_TIMEOUT_MS);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
        // The main session: a trusted window, as a user who opened their own project.
        await session({ name: 'trusted', tmp, vsix, browser, trusted: true, results, checks: trustedChecks });
        // A restricted window: diagnostics must still work, running code must be refused.
        await session({ name: 'restricted', tmp, vsix, browser, trusted: false, results, checks: restrictedChecks });
    } finally {
        clearTimeout(timer);
        await browser.close();
        if (!keep) {
            fs.rmSync(tmp, { recursive: true, force: true });
        } else {
            log(`kept ${tmp}`);
        }
    }
    const passed = results.filter(r => r.ok).length;
    const failed = results.length - passed;
    process.stdout.write(`vscode-e2e: ${passed} passed, ${failed} failed\n`);
    return failed === 0 && results.length > 0 ? 0 : 1;
}

/**
 * One VS Code window on a fresh profile: installs the .vsix, starts code-server on a free port, opens a copy of the
 * examples, runs the checks and records their outcome. `trusted: false` turns workspace trust on (and never
 * trusts the folder), so the window runs in restricted mode.
 */
async function session({ name, tmp, vsix, browser, trusted, results, checks }) {
    const dir = path.join(tmp, name);
    const userData = path.join(dir, 'user-data');
    const extensions = path.join(dir, 'extensions');
    const workspace = path.join(dir, 'examples');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    const settings = { ...USER_SETTINGS };
    if (!trusted) {
        settings['security.workspace.trust.enabled'] = true;
        settings['security.workspace.trust.startupPrompt'] = 'never';
        settings['security.workspace.trust.banner'] = 'never';
    }
    // E2E_SERVER_PATH tries a server build other than the bundled one (the extension's own setting does the work).
    if (process.env.E2E_SERVER_PATH) {
        settings['codeNode.server.path'] = process.env.E2E_SERVER_PATH;
    }
    fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
    fs.cpSync(WORKSPACE_SOURCE, workspace, { recursive: true });
    const env = { ...process.env, CODE_SERVER_CONFIG: path.join(dir, 'config.yaml') };

    log(`${name}: installing ${path.relative(ROOT, vsix)}`);
    const install = spawnSync(process.execPath, [ENTRY, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
        throw new Error(`installing the .vsix failed:\n${install.stdout}\n${install.stderr}`);
    }
    const port = await freePort();
    const serverLog = fs.openSync(path.join(ARTIFACTS, `code-server-${name}.log`), 'w');
    const flags = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions,
        '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
    if (trusted) {
        flags.push('--disable-workspace-trust');
    }
    const codeServer = spawn(process.execPath, [ENTRY, ...flags, workspace], { env, stdio: ['ignore', serverLog, serverLog], detached: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30000);
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
        await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
        const ui = new Ui(page);
        for (const check of checks(ui)) {
            const label = `${name}: ${check.name}`;
            const started = Date.now();
            try {
                const detail = await check.run();
                results.push({ name: label, ok: true });
                log(`ok   ${label} (${Date.now() - started} ms)${detail ? `: ${detail}` : ''}`);
            } catch (error) {
                results.push({ name: label, ok: false });
                const file = await ui.screenshot(`failed-${slug(label)}`).catch(() => '');
                log(`FAIL ${label}: ${error instanceof Error ? error.message.split('\n')[0] : error}${file ? ` (screenshot ${path.relative(ROOT, file)})` : ''}`);
            }
        }
        saveExtensionLog(userData, name);
    } finally {
        await context.close();
        try {
            process.kill(-codeServer.pid, 'SIGTERM');
        } catch {
            // Already gone.
        }
        fs.closeSync(serverLog);
    }
}

/** In a restricted window the server still checks files, and Run Node says why it does not run. */
function restrictedChecks(ui) {
    const first = EXPECTATIONS.diagnostics[0];
    return [{
        name: 'the server starts in restricted mode',
        run: async () => {
            await ui.open(first.file);
            return ui.serverReady();
        },
    }, {
        name: `Problems lists ${first.codes.join(', ')} for ${first.file}`,
        run: () => expectProblems(ui, first, 'restricted'),
    }, {
        name: 'Code Node: Run Node is refused',
        run: async () => {
            await ui.open(first.file);
            await ui.command('Code Node: Run Node');
            const toast = ui.page.locator('.notifications-toasts .notification-toast', { hasText: 'does not run code in an untrusted workspace' });
            await toast.first().waitFor({ state: 'visible', timeout: 15000 });
            await ui.screenshot('restricted-run-refused');
            const views = await ui.page.locator('.tabs-container .tab', { hasText: 'Run:' }).count();
            if (views) {
                throw new Error('a result view opened in restricted mode');
            }
            return 'refused with a notification, no run';
        },
    }];
}

/** Opens the file, waits for each expected code in the Problems panel and takes a screenshot. */
async function expectProblems(ui, expected, prefix) {
    await ui.open(expected.file);
    const missing = [];
    for (const code of expected.codes) {
        const rows = await waitFor(() => ui.problems(code), found => found.some(row => row.includes(code)), 20000);
        if (!rows.some(row => row.includes(code))) {
            missing.push(code);
        }
    }
    await ui.problems('');
    // Reveal the first expected diagnostic in the editor, so the screenshot shows the squiggle and the list.
    const first = ui.page.locator('.markers-panel .monaco-list-row', { hasText: expected.codes[0] }).first();
    if (expected.codes.length && await first.count()) {
        await first.dblclick();
        await ui.page.waitForTimeout(700);
    }
    await ui.screenshot(`${prefix}-problems-${slug(expected.file)}`);
    if (missing.length) {
        throw new Error(`missing ${missing.join(', ')}; the panel shows: ${(await ui.problems('')).join(' | ')}`);
    }
    return `${expected.codes.length} expected diagnostics shown`;
}

/** The checks of the trusted window, in order; later ones rely on the server started by the first. */
function trustedChecks(ui) {
    const list = [{
        name: 'the extension activates and the server starts',
        run: async () => {
            await ui.open(EXPECTATIONS.diagnostics[0].file);
            return ui.serverReady();
        },
    }];
    for (const expected of EXPECTATIONS.diagnostics) {
        list.push({
            name: `Problems lists ${expected.codes.join(', ')} for ${expected.file}`,
            run: () => expectProblems(ui, expected, 'trusted'),
        });
    }
    const fix = EXPECTATIONS.quickFix;
    list.push({
        name: `quick fix "${fix.title}" applies in ${fix.file}`,
        run: async () => {
            await ui.open(fix.file);
            const rows = await waitFor(() => ui.problems(fix.code), found => found.length > 0, 20000);
            if (!rows.length) {
                throw new Error(`no ${fix.code} diagnostic to fix`);
            }
            // Double-clicking the marker moves the cursor and focus to the diagnostic; Ctrl+. opens the quick fixes there.
            await ui.page.locator('.markers-panel .monaco-list-row', { hasText: fix.code }).first().dblclick();
            await ui.page.waitForTimeout(500);
            await ui.page.keyboard.press('Control+.');
            const action = ui.page.locator('.action-widget .monaco-list-row', { hasText: fix.title }).first();
            await action.waitFor({ state: 'visible', timeout: 10000 });
            await ui.screenshot('quick-fix-menu');
            // Move the menu's focus to the fix and press Enter, as a keyboard user does (mouse clicks on this
            // menu are flaky headless: it re-renders while the pointer moves).
            const focused = ui.page.locator('.action-widget .monaco-list-row.focused');
            for (let step = 0; step < 20 && !((await focused.count()) && (await focused.first().innerText()).includes(fix.title)); step++) {
                await ui.page.keyboard.press('ArrowDown');
            }
            await ui.page.keyboard.press('Enter');
            const text = await waitFor(() => ui.editorText(), current => current.includes(fix.expectText), 10000);
            if (!text.includes(fix.expectText)) {
                throw new Error(`after the fix the editor does not contain "${fix.expectText}"`);
            }
            const after = await waitFor(() => ui.problems(fix.code), found => found.length === 0, 15000);
            await ui.screenshot('quick-fix-applied');
            // Leave the file as it was on disk, so later checks close editors without a "save changes?" dialog.
            await ui.command('File: Revert File');
            if (after.length) {
                throw new Error(`${fix.code} is still listed after the fix: ${after.join(' | ')}`);
            }
            return `editor now contains "${fix.expectText}"`;
        },
    });
    for (const run of EXPECTATIONS.runs) {
        list.push({
            name: `Code Node: Run Node shows the result of ${run.file}`,
            run: async () => {
                await ui.open(run.file);
                if (run.cursorLine) {
                    // In a workflow the node is the step at the cursor, so put the cursor inside that step.
                    await ui.goToLine(run.cursorLine);
                }
                await ui.command('Code Node: Run Node');
                const frame = await ui.resultFrame(path.basename(run.file));
                const status = (await frame.locator('#status').innerText()).trim();
                // A failed run without a value has no result block at all.
                const result = await frame.locator('#result').count() ? await frame.locator('#result').innerText() : '';
                if (run.status === 'Failed' && result !== '') {
                    throw new Error(`a failed run shows a result block: ${JSON.stringify(result.slice(0, 200))}`);
                }
                const error = await frame.locator('#error').count() ? await frame.locator('#error pre').innerText() : '';
                const condition = await frame.locator('#condition').count() ? await frame.locator('#condition').innerText() : '';
                // A clean picture: no hover tooltip, no bottom panel.
                await ui.page.mouse.move(700, 880);
                if (await ui.page.locator('[id="workbench.parts.panel"]').isVisible()) {
                    await ui.command('View: Toggle Panel Visibility');
                }
                await ui.page.waitForTimeout(700);
                await ui.screenshot(`run-${slug(run.file)}`);
                const problems = [];
                if (status !== run.status) {
                    problems.push(`status "${status}" instead of "${run.status}"`);
                }
                for (const part of run.resultContains ?? []) {
                    if (!result.includes(part)) {
                        problems.push(`result lacks ${JSON.stringify(part)} (shows ${JSON.stringify(result.slice(0, 200))})`);
                    }
                }
                if (run.condition && !condition.includes(run.condition)) {
                    problems.push(`condition "${condition}" instead of "${run.condition}"`);
                }
                for (const part of run.errorContains ?? []) {
                    if (!error.includes(part)) {
                        problems.push(`error lacks ${JSON.stringify(part)} (shows ${JSON.stringify(error.slice(0, 300))})`);
                    }
                }
                if (run.errorLine) {
                    problems.push(...await followErrorLink(ui, frame, run));
                }
                if (run.runtimeCode) {
                    problems.push(...await expectRuntimeProblem(ui, run));
                }
                // Close the view so the next run's result is not confused with this one.
                await ui.command('View: Close All Editors');
                if (problems.length) {
                    throw new Error(problems.join('; '));
                }
                const located = run.errorLine ? `, error link to line ${run.errorLine}${run.runtimeCode ? ` and ${run.runtimeCode} there` : ''}` : '';
                return `${status}${condition ? `, ${condition.trim()}` : ''}${located}`;
            },
        });
    }
    const withInputs = EXPECTATIONS.inputsRun;
    if (withInputs) {
        list.push({
            name: `Code Node: Run Node with Inputs… runs ${withInputs.file} with typed inputs`,
            run: async () => {
                await ui.open(withInputs.file);
                await ui.command('Code Node: Run Node with Inputs…');
                // The quick pick offers earlier inputs and two ways to edit; typing JSON is the quickest.
                const typeRow = ui.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Type inputs as JSON' }).first();
                await typeRow.waitFor({ state: 'visible', timeout: 10000 });
                await typeRow.click();
                const input = ui.page.locator('.quick-input-widget .quick-input-box input');
                await input.waitFor({ state: 'visible', timeout: 10000 });
                await input.fill(JSON.stringify(withInputs.inputs));
                await ui.page.keyboard.press('Enter');
                const frame = await ui.resultFrame(path.basename(withInputs.file));
                const result = await frame.locator('#result').innerText();
                await ui.screenshot(`run-with-inputs-${slug(withInputs.file)}`);
                await ui.command('View: Close All Editors');
                const missing = withInputs.resultContains.filter(part => !result.includes(part));
                if (missing.length) {
                    throw new Error(`result lacks ${missing.map(part => JSON.stringify(part)).join(', ')} (shows ${JSON.stringify(result.slice(0, 200))})`);
                }
                return `result has ${withInputs.resultContains.join(', ')}`;
            },
        });
    }
    const history = EXPECTATIONS.historyRun;
    if (history) {
        list.push({
            name: `the inputs editor of ${history.file} is pre-filled, runs from its CodeLens, and the view compares two runs`,
            run: () => inputsEditorAndCompare(ui, history),
        });
    }
    return list;
}

/**
 * Runs a node, opens its inputs document (pre-filled by the server), changes one value there, runs it from the
 * document's CodeLens, then checks two runs in the view's list and compares them. Screenshots go to docs/images.
 */
async function inputsEditorAndCompare(ui, history) {
    const page = ui.page;
    const label = path.basename(history.file);
    await ui.command('View: Close All Editors');
    await ui.open(history.file);
    // The node's own "Run node" lens (the palette would offer "Run Node with Inputs…" first, used just before).
    const runLens = page.locator('.codelens-decoration a', { hasText: 'Run node' }).first();
    await runLens.waitFor({ state: 'visible', timeout: 15000 });
    await runLens.click();
    await ui.resultFrame(label);
    await ui.command('View: Close All Editors');
    await ui.open(history.file);
    await ui.command('Code Node: Run Node with Inputs…');
    const editorRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Edit inputs in a JSON editor' }).first();
    await editorRow.waitFor({ state: 'visible', timeout: 10000 });
    await editorRow.click();
    await page.locator(`.tabs-container .tab.active[aria-label*="${label}.json"]`).waitFor({ timeout: 15000 });
    const before = await waitFor(() => ui.editorText(), text => text.includes(history.prefilled), 10000);
    if (!before.includes(history.prefilled)) {
        throw new Error(`the inputs document is not pre-filled with ${history.prefilled}: ${JSON.stringify(before.slice(0, 300))}`);
    }
    // Change the value with Replace (typing into the editor would auto-close quotes).
    await page.keyboard.press('Control+h');
    const find = page.locator('.editor-widget.find-widget .find-part textarea, .editor-widget.find-widget .find-part input').first();
    await find.waitFor({ state: 'visible', timeout: 10000 });
    await find.fill(history.replace[0]);
    const replace = page.locator('.editor-widget.find-widget .replace-part textarea, .editor-widget.find-widget .replace-part input').first();
    await replace.fill(history.replace[1]);
    await page.keyboard.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await waitFor(() => ui.editorText(), text => text.includes(history.replace[1]), 5000);
    const lens = page.locator('.contentWidgets .codelens-decoration a, .codelens-decoration a', { hasText: 'Run with these inputs' }).first();
    await lens.waitFor({ state: 'visible', timeout: 15000 });
    await page.mouse.move(700, 880);
    await page.screenshot({ path: path.join(ROOT, 'docs/images/inputs-editor.png') });
    await lens.click();
    const frame = await waitForFrame(ui, label, async f => (await f.locator('#status').innerText()).includes('Succeeded') && await f.locator('#runs-list li').count() >= 2);
    const picks = frame.locator('#runs-list .pick');
    await picks.nth(0).check();
    await picks.nth(1).check();
    await frame.locator('#compare').click();
    const compared = await waitForFrame(ui, label, async f => await f.locator('#comparison').count() > 0);
    const text = await compared.locator('#comparison').innerText();
    await page.mouse.move(700, 880);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ROOT, 'docs/images/run-compare.png') });
    await ui.screenshot('run-compare');
    await ui.command('View: Close All Editors');
    const missing = history.comparisonContains.filter(part => !text.includes(part));
    if (missing.length) {
        throw new Error(`the comparison lacks ${missing.map(part => JSON.stringify(part)).join(', ')} (shows ${JSON.stringify(text.slice(0, 400))})`);
    }
    return `pre-filled with ${history.prefilled}; the comparison shows ${history.comparisonContains.join(', ')}`;
}

/** The result view's frame for `label` once `ready(frame)` holds (the page is redrawn when runs are listed or compared). */
async function waitForFrame(ui, label, ready, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        try {
            const frame = await ui.resultFrame(label, 5000);
            if (await ready(frame)) {
                return frame;
            }
        } catch {
            // Not there yet, or redrawn while being read.
        }
        await ui.page.waitForTimeout(500);
    }
    throw new Error(`the result view of ${label} never reached the expected state`);
}

/**
 * Clicks the result view's error link and checks that the run's file is the active editor with the cursor on the
 * failing line. Returns what went wrong (nothing when all holds).
 */
async function followErrorLink(ui, frame, run) {
    const link = frame.locator('#error-location');
    if (!await link.count()) {
        return ['the error has no link to its line'];
    }
    await link.click();
    const problems = [];
    const position = ui.page.locator('.statusbar-item[id="status.editor.selection"]');
    const text = await waitFor(() => position.innerText(), value => value.startsWith(`Ln ${run.errorLine},`), 10000);
    if (!text.startsWith(`Ln ${run.errorLine},`)) {
        problems.push(`the error link went to "${text}" instead of line ${run.errorLine}`);
    }
    // The cursor must be in the run's own file, not merely on a line of that number in some other editor.
    const active = await ui.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label') ?? '';
    if (!active.includes(path.basename(run.file))) {
        problems.push(`the error link made "${active}" the active editor instead of ${run.file}`);
    }
    await ui.screenshot(`error-link-${slug(run.file)}`);
    return problems;
}

/** Checks that the Problems panel shows the run's diagnostic (`run.runtimeCode`) on the failing line (the failing runs fail on different lines). */
async function expectRuntimeProblem(ui, run) {
    const onLine = row => row.includes(run.runtimeCode) && row.includes(`Ln ${run.errorLine},`);
    const rows = await waitFor(() => ui.problems(run.runtimeCode), found => found.some(onLine), 15000);
    await ui.screenshot(`runtime-problem-${slug(run.file)}`);
    await ui.problems('');
    return rows.some(onLine) ? [] : [`Problems shows no ${run.runtimeCode} on line ${run.errorLine} of ${run.file}: ${rows.join(' | ') || '(nothing)'}`];
}

/** Polls `read` until `done` holds or the time is up; returns the last value read. */
async function waitFor(read, done, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 500));
        value = await read();
    }
    return value;
}

async function waitForHttp(url, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        try {
            const response = await fetch(url);
            if (response.ok) {
                return;
            }
        } catch {
            // Not listening yet.
        }
        await new Promise(resolve => setTimeout(resolve, 300));
    }
    throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** Copies the extension host's "Code Node" log next to the screenshots, for reading a failure afterwards. */
function saveExtensionLog(userData, name) {
    const logs = path.join(userData, 'logs');
    if (!fs.existsSync(logs)) {
        return;
    }
    for (const entry of fs.readdirSync(logs, { recursive: true })) {
        if (String(entry).endsWith('Code Node.log')) {
            fs.copyFileSync(path.join(logs, String(entry)), path.join(ARTIFACTS, `code-node-${name}.log`));
        }
    }
}

function slug(text) {
    return text.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

main().then(code => process.exit(code), error => {
    process.stdout.write(`e2e: ${error instanceof Error ? error.message : error}\nvscode-e2e: 0 passed, 1 failed\n`);
    process.exit(1);
});
