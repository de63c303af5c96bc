// The extension's manifest contributions of the editor features: settings the server reads, the injection grammar
// (its patterns match templates and placeholders and their parts), semantic token scopes, the Run keybinding.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('settings for rules, the diagnostics scope and inlay hints are contributed', () => {
    const props = contributes.configuration.properties;
    for (const key of ['codeNode.rules.ignore', 'codeNode.rules.severity', 'codeNode.diagnostics.scope', 'codeNode.inlayHints.enabled']) {
        assert.ok(props[key], `${key} is not contributed`);
    }
    assert.deepEqual(props['codeNode.diagnostics.scope'].enum, ['openFiles', 'workspace']);
});

test('the injection grammar ships and matches templates and placeholders part by part', () => {
    const grammar = contributes.grammars.find(g => g.scopeName === 'codenode.templates.injection');
    assert.ok(grammar);
    const file = path.join(ROOT, grammar.path);
    assert.ok(fs.existsSync(file));
    assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').includes('!client/syntaxes/*.json'));
    const { repository } = JSON.parse(fs.readFileSync(file, 'utf8'));
    const template = new RegExp(repository.template.match).exec('- url: ${fetch.response.data[0]} here');
    assert.deepEqual(template.slice(1), ['${', 'fetch', '.response.data[0]', '}']);
    const placeholder = new RegExp(repository.placeholder.match).exec('x = {{ contact.email }}');
    assert.deepEqual(placeholder.slice(1), ['{{', 'contact', '.email', '}}']);
    assert.equal(new RegExp(repository.template.match).exec('no $ {template}'), null);
});

test('unresolved parts map to an error colour, and Ctrl+Enter runs the node', () => {
    assert.ok(contributes.semanticTokenModifiers.some(m => m.id === 'unresolved'));
    assert.ok(contributes.semanticTokenScopes[0].scopes['*.unresolved'][0].startsWith('invalid'));
    const key = contributes.keybindings.find(k => k.command === 'codeNode.runNode');
    assert.equal(key.key, 'ctrl+enter');
    assert.match(key.when, /pflow/);
});

test('the extension page: a PNG icon, the user README and CHANGELOG packaged, every picture the README shows ships', () => {
    const icon = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.deepEqual([...icon.subarray(1, 4)], [...Buffer.from('PNG')]);
    const packageScript = fs.readFileSync(path.join(ROOT, 'client/package.sh'), 'utf8');
    assert.match(packageScript, /--readme-path client\/README\.md --changelog-path client\/CHANGELOG\.md/);
    const readme = fs.readFileSync(path.join(ROOT, 'client/README.md'), 'utf8');
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(m => m[1]);
    assert.ok(pictures.length >= 2);
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.ok(ignore.includes('!docs/images/*.png') && ignore.includes(`!${manifest.icon}`));
    for (const picture of pictures) {
        assert.ok(!/^https?:/.test(picture) && fs.existsSync(path.join(ROOT, picture)), `${picture} is not in the package`);
    }
});
