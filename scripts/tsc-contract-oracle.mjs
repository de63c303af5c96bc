// Records the TypeScript compiler's facts about generated Stack AI nodes (string returns, undefined returns, fall-off) for the C# test.
//
// Usage (after `npm ci`): node scripts/tsc-contract-oracle.mjs
// Writes tests/fixtures/dialects/stackai/tsc-contract.jsonl.gz: one JSON object per node,
//   {"name":..,"text":..,"stringReturns":[lines],"undefinedReturns":[lines],"fallsOff":bool}
// The facts come from the compiler, not from our rules: one program (strict, lib es2022, every file a module) is
// type-checked; for each return of main (and the body of an expression-bodied arrow) the checker's type of the
// returned expression says whether it is a string (every union member string-like; JSON.stringify(...) is the
// documented way to return a string on purpose and does not count) and whether it can be undefined or null
// (a bare `return` can); the binder's HasImplicitReturn flag on main says whether a path falls off its end.
// Lines are 0-based. The nodes are every combination of a few main forms and many return expressions, plus
// bodies whose paths may or may not all return; the list is fixed, so the output is the same on every run.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = path.join(root, "tests/fixtures/dialects/stackai/tsc-contract.jsonl.gz");
if (!ts.version.startsWith("5.9.")) throw new Error(`expected typescript 5.9.x, found ${ts.version}`);

const helpers = `
function summarize(x: any): string { return "n=" + String(x); }
function maybeTitle(x: any): string | undefined { return x ? String(x) : undefined; }
function nothing(x: any): void { console.log(x); }
function orNull(x: any): { a: number } | null { return x ? { a: 1 } : null; }
async function fetchText(u: string): Promise<string> { return "text of " + u; }
function makeObject(x: any): { value: any } { return { value: x }; }
function untyped(x: any) { return { x }; }
const arrowText = (x: any): string => "t" + x;
function tagSet(): Set<string> { return new Set(["a"]); }
function pick(x: any): "yes" | "no" { return x ? "yes" : "no"; }
const PREFIX = "Result: ";
`;

const returns = [
  `{ result: a }`, `{ summary: "Summary: " + a }`, `[a, b]`, `"done"`, `'done'`, "`Summary: ${a}`", `"Summary: " + a`,
  `a + " items"`, `"a" + 1 + 2`, `"Total: " + a * 2`, `1 + 2`, `a + b`, `(a + b)`, `("x: " + a)`, `a ? { a: 1 } : undefined`,
  `a ? "yes" : "no"`, `a ? { a: 1 } : null`, `a ? { a: 1 } : { b: 2 }`, `a ? undefined : { b: 2 }`, `undefined`, `null`, `void 0`,
  `summarize(a)`, `maybeTitle(a)`, `nothing(a)`, `orNull(a)`, `await fetchText("u")`, `fetchText("u")`, `makeObject(a)`,
  `untyped(a)`, `arrowText(a)`, `pick(a)`, `JSON.stringify({ a })`, `JSON.stringify(a)`, `String(a)`, `a as string`,
  `PREFIX + a`, "`${a}` + b", `a.b.c`, `args`, `{ ...args, extra: "x" + a }`, `Object.keys(args)`, `a ? "x" + a : "none"`,
  `a || "none"`, `a ?? { fallback: true }`, `!a`, `typeof a`, `a === "x"`, `{ text: a ? "y" : undefined }`,
];

const mainForms = [
  body => `export async function main(args: any) {\n  const a = args.a;\n  const b = args.b;\n${body}}\n`,
  body => `function main(args) {\n  const a = args["in-0"];\n  const b = args.b;\n${body}}\n`,
  body => `const main = async (args: Record<string, any>) => {\n  const a = args.a;\n  const b = args.b;\n${body}};\n`,
];

const bodies = [
  r => `  return ${r};\n`,
  r => `  if (a) {\n    return ${r};\n  }\n  return { none: true };\n`,
];

// Bodies that differ in whether every path returns.
const flows = [
  `  if (a) {\n    return { a };\n  }\n`,
  `  if (a) {\n    return { a };\n  } else {\n    return { b };\n  }\n`,
  `  if (a) return { a };\n  else if (b) return { b };\n`,
  `  switch (a) {\n    case 1:\n      return { one: true };\n    default:\n      return { other: true };\n  }\n`,
  `  switch (a) {\n    case 1:\n      return { one: true };\n    case 2:\n      break;\n    default:\n      return { other: true };\n  }\n`,
  `  try {\n    return { a: JSON.parse(a) };\n  } catch (e) {\n    return { error: String(e) };\n  }\n`,
  `  try {\n    return { a: JSON.parse(a) };\n  } catch (e) {\n    console.log(e);\n  }\n`,
  `  while (true) {\n    if (a) return { a };\n  }\n`,
  `  for (const x of [a, b]) {\n    if (x) return { x };\n  }\n`,
  `  throw new Error("no input");\n`,
  `  const out = { a, b };\n  console.log(out);\n`,
  `  let s = "Summary: ";\n  s += a;\n  return s;\n`,
  `  const text = "Summary: " + a;\n  return text;\n`,
  `  const obj = { a };\n  return obj;\n`,
  `  const empty = undefined;\n  return { empty };\n`,
  `  return;\n`,
  `  if (!a) return;\n  return { a };\n`,
  `  do {\n    return { a };\n  } while (b);\n`,
  `  {\n    return { a };\n  }\n`,
  `  if (a) {\n    throw new Error("x");\n  }\n  return a ? { a } : undefined;\n`,
];

const sources = [];
let n = 0;
for (const [fi, form] of mainForms.entries()) {
  for (const [bi, body] of bodies.entries()) {
    // `await` needs an async main; the second form is not.
    for (const r of returns) sources.push({ name: `node${n++}.ts`, text: helpers + form(body(fi === 1 ? r.replace("await ", "") : r)) });
  }
  for (const flow of flows) sources.push({ name: `node${n++}.ts`, text: helpers + form(flow) });
}
// Expression-bodied arrows: the body is what main returns.
for (const r of returns) sources.push({ name: `node${n++}.ts`, text: helpers + `const main = async ({ a, b }: any) => ${r.startsWith("{") ? `(${r})` : r};\n` });

const options = { strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], moduleDetection: ts.ModuleDetectionKind.Force, noEmit: true, types: [] };
const files = new Map(sources.map(s => [path.join("/virtual", s.name), s.text]));
const host = ts.createCompilerHost(options);
const baseGet = host.getSourceFile;
host.getSourceFile = (f, lang, ...rest) => files.has(f) ? ts.createSourceFile(f, files.get(f), lang, true) : baseGet.call(host, f, lang, ...rest);
host.fileExists = f => files.has(f) || ts.sys.fileExists(f);
host.readFile = f => files.get(f) ?? ts.sys.readFile(f);
const program = ts.createProgram([...files.keys()], options, host);
const checker = program.getTypeChecker();

function isStringType(type) {
  const members = type.isUnion() ? type.types : [type];
  return members.every(t => (t.flags & ts.TypeFlags.StringLike) !== 0);
}
function canBeUndefined(type) {
  const members = type.isUnion() ? type.types : [type];
  return members.some(t => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0);
}
function isJsonStringify(e) {
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  return ts.isCallExpression(e) && e.expression.getText() === "JSON.stringify";
}

const records = [];
for (const s of sources) {
  const sf = program.getSourceFile(path.join("/virtual", s.name));
  let main;
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === "main") main = st;
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (d.name.getText() === "main") main = d.initializer;
  }
  const line = node => sf.getLineAndCharacterOfPosition(node.getStart()).line;
  const stringReturns = [], undefinedReturns = [];
  const judge = (expr, at) => {
    if (!expr) { undefinedReturns.push(line(at)); return; }
    let type = checker.getTypeAtLocation(expr);
    // An async main's output is what its promise resolves to, so a returned promise counts as its value.
    const awaited = checker.getAwaitedType(type) ?? type;
    if (isStringType(awaited) && !isJsonStringify(expr)) stringReturns.push(line(expr));
    if (canBeUndefined(awaited)) undefinedReturns.push(line(expr));
  };
  const visit = node => {
    if (node !== main && ts.isFunctionLike(node)) return; // returns of nested functions are not main's
    if (ts.isReturnStatement(node)) judge(node.expression, node);
    ts.forEachChild(node, visit);
  };
  let fallsOff = false;
  if (ts.isArrowFunction(main) && !ts.isBlock(main.body)) {
    judge(main.body, main.body);
  } else {
    visit(main.body);
    fallsOff = (main.flags & ts.NodeFlags.HasImplicitReturn) !== 0;
  }
  records.push({ name: s.name, text: s.text, stringReturns, undefinedReturns, fallsOff });
}
const diagnostics = ts.getPreEmitDiagnostics(program).filter(d => d.category === ts.DiagnosticCategory.Error && d.file && files.has(d.file.fileName));
const syntax = diagnostics.filter(d => d.code < 2000);
if (syntax.length) throw new Error(`generated nodes with syntax errors: ${syntax.map(d => d.file.fileName + " " + d.messageText).join("; ")}`);
fs.writeFileSync(out, zlib.gzipSync(records.map(r => JSON.stringify(r)).join("\n") + "\n", { level: 9 }));
console.log(`typescript ${ts.version}: ${records.length} nodes, ${records.filter(r => r.stringReturns.length).length} with string returns, ` +
  `${records.filter(r => r.undefinedReturns.length).length} with undefined returns, ${records.filter(r => r.fallsOff).length} falling off -> ${path.relative(root, out)}`);
