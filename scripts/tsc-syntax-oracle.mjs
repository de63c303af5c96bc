// Records the TypeScript compiler's syntax verdicts on real files and person-like edits of them, for the C# differential test.
//
// Usage (after `npm ci`): node scripts/tsc-syntax-oracle.mjs
// Writes tests/fixtures/syntax/typescript/tsc-syntax.jsonl.gz: one JSON object per line,
//   {"kind":"file","name":..,"text":..,"errors":[..]}                    a real file, as the compiler reads it
//   {"kind":"edit","base":name,"edit":..,"at":n,"del":n,"ins":s,"errors":[..]}  an edit of the file `base`
// Each error is {"start":offset,"line":0-based,"code":n,"message":s} from ts.createSourceFile(...).parseDiagnostics
// (syntactic diagnostics only), every text parsed as a .ts file, as a Stack AI node is. The choice of files and
// edits is deterministic (sorted paths, a seeded generator), so running the script again gives the same corpus
// for the same node_modules.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = path.join(root, "tests/fixtures/syntax/typescript/tsc-syntax.jsonl.gz");
const FILES = 1000;
const EDITS = 800;

if (!ts.version.startsWith("5.9.")) throw new Error(`expected typescript 5.9.x, found ${ts.version}`);

/** The compiler's syntax errors of `text`, parsed as a TypeScript file. */
export function parseErrors(text) {
  const sf = ts.createSourceFile("node.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return sf.parseDiagnostics.map(d => ({
    start: d.start,
    line: sf.getLineAndCharacterOfPosition(d.start).line,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

function walk(dir, acc) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (/\.(ts|js|mjs|cjs|mts|cts)$/.test(e.name)) acc.push(p);
  }
  return acc;
}

// A small seeded generator (mulberry32), so the corpus does not change between runs.
let seed = 0x5eed23;
function rand() {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = a => a[Math.floor(rand() * a.length)];

// Real files: Stack AI examples and fixtures of this repository, then a spread of node_modules files of node size
// (not minified: every line under 300 characters).
const candidates = [
  ...walk(path.join(root, "examples/stackai"), []),
  ...walk(path.join(root, "tests/fixtures/dialects/stackai"), []),
  ...walk(path.join(root, "client/src"), []),
];
const fromModules = walk(path.join(root, "node_modules"), []).sort().filter(p => {
  const size = fs.statSync(p).size;
  if (size < 200 || size > 12000) return false;
  const text = fs.readFileSync(p, "utf8");
  return !text.split("\n").some(l => l.length > 300);
});
const step = fromModules.length / (FILES - candidates.length);
for (let i = 0; candidates.length < FILES && Math.floor(i * step) < fromModules.length; i++) candidates.push(fromModules[Math.floor(i * step)]);

const records = [];
const bases = [];
for (const p of candidates) {
  const text = fs.readFileSync(p, "utf8").replace(/^\uFEFF/, "");
  const name = path.relative(root, p);
  const errors = parseErrors(text);
  records.push({ kind: "file", name, text, errors });
  if (errors.length === 0) bases.push({ name, text });
}

/** Every token of `text` with its kind and span, from the compiler's own scanner. */
function tokens(text) {
  const s = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const list = [];
  for (let k = s.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = s.scan()) {
    list.push({ kind: k, start: s.getTokenStart(), end: s.getTokenEnd() });
  }
  return list;
}

/** The `>` tokens that close a type argument or parameter list, from the AST. */
function genericCloses(text) {
  const sf = ts.createSourceFile("node.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = n => {
    const list = n.typeArguments ?? n.typeParameters;
    if (list && list.length > 0) {
      const close = text.indexOf(">", list.end);
      if (close >= 0) found.push(close);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const STRAY = ["@", "#", "$", "%", "^", "&", "*", ")", "]", "}", "=", ";", ":", ".", ",", "\\", "`", "'", "\"", "?", "x", "1"];
const kinds = ["missing-comma", "stray-character", "cut-line", "unclosed-generic", "dropped-bracket", "unterminated-literal"];

function makeEdit(base, kind) {
  const text = base.text;
  const toks = tokens(text);
  if (toks.length < 3) return null;
  switch (kind) {
    case "missing-comma": {
      const commas = toks.filter(t => t.kind === ts.SyntaxKind.CommaToken);
      if (!commas.length) return null;
      const c = pick(commas);
      return { at: c.start, del: 1, ins: "" };
    }
    case "stray-character": {
      const t = pick(toks);
      return { at: rand() < 0.5 ? t.start : t.end, del: 0, ins: pick(STRAY) };
    }
    case "cut-line": {
      // Cut a line in the middle: from a token boundary inside it to the end of the line.
      const t = pick(toks.slice(1));
      let eol = text.indexOf("\n", t.start);
      if (eol < 0) eol = text.length;
      if (eol - t.start < 2) return null;
      return { at: t.start, del: eol - t.start, ins: "" };
    }
    case "unclosed-generic": {
      const closes = genericCloses(text);
      if (!closes.length) return null;
      return { at: pick(closes), del: 1, ins: "" };
    }
    case "dropped-bracket": {
      const brackets = toks.filter(t => [ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.OpenBracketToken,
        ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.OpenBraceToken, ts.SyntaxKind.CloseBraceToken].includes(t.kind));
      if (!brackets.length) return null;
      const b = pick(brackets);
      return { at: b.start, del: 1, ins: "" };
    }
    case "unterminated-literal": {
      const lits = toks.filter(t => t.kind === ts.SyntaxKind.StringLiteral || t.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral);
      if (!lits.length) return null;
      const l = pick(lits);
      return { at: l.end - 1, del: 1, ins: "" };
    }
  }
  return null;
}

let made = 0;
for (let tries = 0; made < EDITS && tries < EDITS * 20; tries++) {
  const base = pick(bases);
  const kind = kinds[made % kinds.length];
  const e = makeEdit(base, kind);
  if (!e) continue;
  const edited = text => text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
  records.push({ kind: "edit", base: base.name, edit: kind, at: e.at, del: e.del, ins: e.ins, errors: parseErrors(edited(base.text)) });
  made++;
}

fs.writeFileSync(out, zlib.gzipSync(records.map(r => JSON.stringify(r)).join("\n") + "\n", { level: 9 }));
const files = records.filter(r => r.kind === "file");
const edits = records.filter(r => r.kind === "edit");
console.log(`typescript ${ts.version}: ${files.length} files (${files.filter(r => r.errors.length).length} with syntax errors), ` +
  `${edits.length} edits (${edits.filter(r => r.errors.length).length} with syntax errors) -> ${path.relative(root, out)} ` +
  `(${fs.statSync(out).size} bytes)`);
