#!/usr/bin/env node
// Deterministic generator of realistic code nodes for the LSP benchmark: Stack AI and Voxworks pragma files and pflow workflows of an exact size.
//
// Usage:
//   node bench/lsp/gen.mjs --out DIR [--sizes 100,1000,10000] [--seed 1]
//
// For every dialect and size it writes DIR/<dialect>_<N>/ holding one code node whose code has exactly N lines,
// alone in its folder (pyright enumerates every Python file under its root), and DIR/files.json describing them:
// the file to open, its languageId, where the benchmark's edits go (a line inside the code where a statement may
// be inserted, with the indentation that keeps it valid) and the Python file that pyright gets for the same code
// (the .py itself, or for pflow the workflow's code block written as a .py with the same lines).
//
// The code is built from templates that look like what people write in code nodes (input normalisation,
// filters, comprehensions, dataclasses, regexes, date buckets, joins, f-strings) with each platform's way of
// reading inputs: `args["node"]` for Stack AI, `{{contact.email}}` placeholders and allow-listed helpers for
// Voxworks, annotated inputs fed by `${node.output}` templates for pflow. The same seed gives the same bytes.

import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** mulberry32: a tiny seeded PRNG, so the files are identical on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `#I#`-style slots of a template from `vars`, leaving unknown slots as they are. */
function fill(text, vars) {
  return text.replace(/#([A-Z0-9]+)#/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// Helper-function templates shared by Stack AI and pflow: plain Python that reads module-level names
// REGION, CURRENCY and RATES (Stack AI defines them as constants, pflow as annotated inputs).
const PY_BLOCKS = [
  String.raw`def normalize_record_#I#(record: dict[str, Any], scale: float = 1.0) -> dict[str, Any]:
    """Lower-case the keys, strip strings and scale numbers of one record (block #I#)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, str):
            out[key.lower()] = value.strip()
        elif isinstance(value, (int, float)):
            out[key.lower()] = round(float(value) * scale, 4)
        else:
            out[key.lower()] = value
    out["_region"] = REGION
    return out`,
  String.raw`def filter_orders_#I#(rows: list[dict[str, Any]], limit: float) -> list[dict[str, Any]]:
    kept = [r for r in rows if float(r.get("amount", 0)) >= limit * #K#]
    by_status = {s: [r for r in kept if r.get("status") == s] for s in ("open", "paid", "void")}
    total = sum(float(r.get("amount", 0)) for r in kept)
    if total > limit * #K2#:
        kept.sort(key=lambda r: r.get("amount", 0), reverse=True)
    return kept + by_status["open"][:#K#]`,
  String.raw`def summarize_#I#(rows, key="status"):
    counts = Counter(str(r.get(key, "unknown")) for r in rows)
    lines = []
    for name, n in counts.most_common(#K#):
        lines.append(f"{name}: {n} ({n / max(len(rows), 1):.1%}) in {REGION}")
    return "\n".join(lines)`,
  String.raw`@dataclass
class LineItem#I#:
    sku: str
    quantity: int
    unit_price: float
    currency: str = "EUR"
    tags: list[str] = field(default_factory=list)

    def total(self) -> float:
        return self.quantity * self.unit_price * RATES.get(self.currency, 1.0)

    def label(self) -> str:
        return f"{self.sku} x{self.quantity} @ {self.unit_price:.2f} {self.currency}"`,
  String.raw`_REF_PATTERN_#I# = re.compile(r"^(?P<prefix>[A-Z]{2,4})-(?P<num>\d+)$")


def parse_reference_#I#(ref: str) -> tuple[str, int] | None:
    match = _REF_PATTERN_#I#.match(ref.strip())
    if match is None:
        return None
    try:
        return match.group("prefix"), int(match.group("num"))
    except (ValueError, TypeError) as exc:
        print(f"bad reference {ref!r}: {exc}")
        return None`,
  String.raw`def bucket_by_day_#I#(rows: list[dict[str, Any]], days: int = #K#) -> dict[str, float]:
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    buckets: dict[str, float] = defaultdict(float)
    for row in rows:
        ts = datetime.fromisoformat(str(row.get("created_at") or "2024-01-01T00:00:00"))
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=timezone.utc)
        if ts < cutoff:
            continue
        buckets[ts.strftime("%Y-%m-%d")] += float(row.get("amount", 0.0)) * RATES.get(CURRENCY, 1.0)
    return dict(sorted(buckets.items()))`,
  String.raw`def join_customers_#I#(rows: list[dict[str, Any]], customers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    index = {str(c.get("id")): c for c in customers}
    joined: list[dict[str, Any]] = []
    for row in rows:
        cust = index.get(str(row.get("customer_id")), {})
        joined.append({**row, "customer": cust.get("name", "?"), "tier": cust.get("tier", "basic")})
    vip = [j for j in joined if j["tier"] in {"gold", "platinum"}]
    score = math.fsum(float(j.get("amount", 0)) for j in vip) / max(len(vip), 1)
    return sorted(joined, key=lambda j: (j["tier"], -float(j.get("amount", 0))))[: #K2# + int(score) % 7]`,
];
// One-line statements that pad a file to its exact size.
const PY_FILLERS = ['CHECKPOINT_#N#: int = #N# * 3', '# note #N#: the helpers above are pure functions', 'LABEL_#N# = f"{REGION}-{CURRENCY}-#N#"'];

// Voxworks statement blocks: the body of the single run(), only allow-listed calls and {{…}} placeholders.
const VX_BLOCKS = [
  String.raw`    # check #I#: the phone number is an Australian mobile
    phone_#I# = str(coalesce({{contact.phone}}, "")).strip().replace(" ", "")
    if phone_#I#.startswith("+614") and len(phone_#I#) == 12:
        phone_ok = True
    else:
        print("phone check #I# failed:", phone_#I#)`,
  String.raw`    # total #I#: sum the order lines of the webhook payload
    total_#I# = 0
    for item in get_path(json_loads(coalesce({{custom.order.items_json}}, "[]")), "items", []):
        total_#I# = total_#I# + float(get_path(item, "price", 0)) * int(get_path(item, "qty", 1))
    {{custom.order.total}} = round(total_#I#, 2)`,
  String.raw`    # counter #I#: the same placeholder is read and written
    attempts_#I# = int(coalesce({{custom.counters.attempts}}, 0))
    {{custom.counters.attempts}} = attempts_#I# + 1
    if attempts_#I# >= #K#:
        print("too many attempts:", attempts_#I#, sep=" ")`,
  String.raw`    # readiness #I#: tier and required fields
    tier_#I# = map_value({{contact.tier}}, {"gold": "priority", "silver": "standard"}, "basic")
    flags_#I# = []
    for name in ["email", "phone", "tier"]:
        flags_#I#.append(is_not_empty(get_variable("contact." + name, "")))
    ready = all(flags_#I#) and tier_#I# != "basic"`,
  String.raw`    # timezone #I#: offset of the last call
    offset_#I# = timezone_offset("Australia/Sydney", parse_datetime(coalesce({{contact.last_call}}, "2024-01-01T09:00:00")))
    if is_string(offset_#I#) and is_not_empty(offset_#I#):
        print("offset", offset_#I#, sep=": ")`,
  String.raw`    # email #I#: normalise and flag
    email_#I# = str(coalesce({{contact.email}}, "")).strip().lower()
    if email_#I#.endswith(".invalid") or not regex_match("^[^@]+@[^@]+$", email_#I#):
        email_ok = False
    {{contact.email_verified}} = email_ok`,
];
const VX_FILLERS = ['    step_#N# = #N# + 1', '    # note #N#: values are read from the contact record', '    label_#N# = str(#N#).lower()'];

/**
 * Fills `budget` lines with blocks picked by `rnd` (each followed by `sep` blank lines), then one-line fillers.
 */
function fillBody(blocks, fillers, budget, rnd, sep) {
  const out = [];
  for (let i = 0; ; i++) {
    // The first block is always the first template, so the entry point can call a helper that surely exists.
    const kind = i === 0 ? 0 : Math.floor(rnd() * blocks.length);
    const block = fill(blocks[kind], { I: i, K: 2 + Math.floor(rnd() * 9), K2: 10 + Math.floor(rnd() * 90) }).split('\n');
    if (out.length + block.length + sep > budget) break;
    out.push(...block);
    for (let s = 0; s < sep; s++) out.push('');
  }
  for (let n = 0; out.length < budget; n++) out.push(fill(fillers[n % fillers.length], { N: n }));
  return out;
}

const PY_IMPORTS = [
  'import json',
  'import math',
  'import re',
  'from collections import Counter, defaultdict',
  'from dataclasses import dataclass, field',
  'from datetime import datetime, timedelta, timezone',
  'from typing import Any',
  '',
];

/** Stack AI: a `# codenode: stackai` file with helpers and a `main(args)` that returns a dict. */
function stackAi(lines, seed) {
  const head = [
    '# codenode: stackai',
    `"""Order digest for the sales workflow (bench/lsp/gen.mjs, lines=${lines}, seed=${seed})."""`,
    ...PY_IMPORTS,
    'REGION = "eu-west"',
    'CURRENCY = "EUR"',
    'RATES: dict[str, float] = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}',
    '',
  ];
  const tail = [
    '',
    'def main(args):',
    '    orders = args["fetch_orders"]["items"]',
    '    customers = args.get("http_customers", {}).get("data", [])',
    '    limit = float(args["config"].get("threshold", 10))',
    '    rows = [normalize_record_0(o) for o in orders]',
    '    kept = [r for r in rows if float(r.get("amount", 0)) >= limit]',
    '    return {',
    '        "count": len(kept),',
    '        "customers": len(customers),',
    '        "total": round(sum(float(r.get("amount", 0)) for r in kept), 2),',
    '        "generated_at": datetime.now(timezone.utc).isoformat(),',
    '        "summary": json.dumps({"region": REGION, "currency": CURRENCY}),',
    '    }',
  ];
  const body = fillBody(PY_BLOCKS, PY_FILLERS, lines - head.length - tail.length, prng(seed), 2);
  const all = [...head, ...body, ...tail];
  // Edits insert a module-level statement just before `def main(args):` (column 0 is valid there).
  const editLine = all.indexOf('def main(args):');
  return { name: `stackai_${lines}.py`, languageId: 'python', text: all.join('\n') + '\n', editLine, editIndent: '', codeLines: all.length };
}

/** Voxworks: a `# codenode: voxworks` file whose single `def run():` holds the whole body. */
function voxworks(lines, seed) {
  const head = [
    '# codenode: voxworks',
    'def run():',
    '    email_ok = is_not_empty({{contact.email}})',
    '    phone_ok = False',
    '    ready = False',
  ];
  const tail = ['    print("checked", {{contact.first_name}}, sep=" ")', '    return (email_ok, phone_ok, ready)'];
  const body = fillBody(VX_BLOCKS, VX_FILLERS, lines - head.length - tail.length, prng(seed), 0);
  const all = [...head, ...body, ...tail];
  // Edits insert a statement inside run(), just before its return.
  return { name: `voxworks_${lines}.py`, languageId: 'python', text: all.join('\n') + '\n', editLine: all.length - 1, editIndent: '    ', codeLines: all.length };
}

/** pflow: a `.pflow.md` workflow whose code step's Python block has exactly `lines` lines. */
function pflow(lines, seed) {
  const codeHead = [
    'orders: list',
    'customers: list',
    'threshold: float',
    'REGION: str',
    'CURRENCY: str',
    '',
    ...PY_IMPORTS,
    'RATES: dict[str, float] = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}',
    '',
  ];
  const codeTail = [
    '',
    'kept = [o for o in orders if float(o.get("amount", 0)) >= threshold]',
    'result: dict = {',
    '    "count": len(kept),',
    '    "customers": len(customers),',
    '    "total": round(sum(float(o.get("amount", 0)) for o in kept), 2),',
    '    "region": REGION,',
    '}',
  ];
  const body = fillBody(PY_BLOCKS, PY_FILLERS, lines - codeHead.length - codeTail.length, prng(seed), 2);
  const code = [...codeHead, ...body, ...codeTail];
  const before = [
    '# Order digest',
    '',
    `Summarises the orders of one region (bench/lsp/gen.mjs, code lines=${lines}, seed=${seed}).`,
    '',
    '## Inputs',
    '',
    '### region',
    '',
    'Sales region to report on.',
    '',
    '- type: string',
    '- default: eu-west',
    '',
    '### threshold',
    '',
    'Smallest order amount that counts.',
    '',
    '- type: number',
    '- default: 10',
    '',
    '## Steps',
    '',
    '### fetch_orders',
    '',
    'Fetch the orders of the region.',
    '',
    '- type: http',
    '- url: https://orders.example.invalid/api/orders?region=${region}',
    '',
    '### fetch_customers',
    '',
    'Fetch the customer list.',
    '',
    '- type: http',
    '- url: https://orders.example.invalid/api/customers',
    '',
    '### digest',
    '',
    'Filter, join and summarise the orders.',
    '',
    '- type: code',
    '- timeout: 30',
    '- inputs:',
    '    orders: ${fetch_orders.response.items}',
    '    customers: ${fetch_customers.response.data}',
    '    threshold: ${threshold}',
    '    REGION: ${region}',
    '    CURRENCY: EUR',
    '',
    '```python code',
  ];
  const after = ['```', '', '## Outputs', '', '### digest', '', 'The digest of the orders.', '', '- source: ${digest.result}'];
  const all = [...before, ...code, ...after];
  const editInCode = code.indexOf('result: dict = {');
  return {
    name: `pflow_${lines}.pflow.md`, languageId: 'markdown', text: all.join('\n') + '\n',
    editLine: before.length + editInCode, editIndent: '', codeLines: code.length,
    // pyright gets the code block alone, with the same lines, so both servers check the same Python.
    pyright: { name: `pflow_${lines}_code.py`, text: code.join('\n') + '\n', editLine: editInCode },
  };
}

export const DIALECTS = { stackai: stackAi, voxworks, pflow };

/** Generates every dialect at every size into `out` and returns the description written to files.json. */
export function generateSuite(out, sizes, seed) {
  rmSync(out, { recursive: true, force: true });
  const files = [];
  for (const [dialect, make] of Object.entries(DIALECTS)) {
    for (const n of sizes) {
      const node = make(n, seed);
      if (node.codeLines !== n) throw new Error(`internal: ${dialect} ${n} has ${node.codeLines} code lines`);
      const dir = join(out, `${dialect}_${n}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, node.name), node.text);
      const entry = {
        dialect, lines: n, bytes: Buffer.byteLength(node.text), root: dir, file: join(dir, node.name),
        languageId: node.languageId, editLine: node.editLine, editIndent: node.editIndent,
        pyright: { root: dir, file: join(dir, node.name), editLine: node.editLine, editIndent: node.editIndent },
      };
      if (node.pyright) {
        // pyright reads only .py files, and it enumerates every one under its root: give the block its own folder.
        const pdir = join(out, `${dialect}_${n}_pyright`);
        mkdirSync(pdir, { recursive: true });
        writeFileSync(join(pdir, node.pyright.name), node.pyright.text);
        entry.pyright = { root: pdir, file: join(pdir, node.pyright.name), editLine: node.pyright.editLine, editIndent: node.editIndent };
      }
      files.push(entry);
    }
  }
  writeFileSync(join(out, 'files.json'), JSON.stringify({ seed, sizes, files }, null, 1));
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const out = opt('--out', null);
  if (!out) { process.stderr.write('usage: node bench/lsp/gen.mjs --out DIR [--sizes 100,1000,10000] [--seed 1]\n'); process.exit(64); }
  const sizes = opt('--sizes', '100,1000,10000').split(',').map((s) => Number.parseInt(s, 10));
  if (sizes.some((n) => !(n >= 60))) { process.stderr.write('gen.mjs: every size must be a number >= 60\n'); process.exit(64); }
  for (const f of generateSuite(out, sizes, Number.parseInt(opt('--seed', '1'), 10))) {
    process.stderr.write(`${f.file}: ${f.lines} code lines, ${f.bytes} bytes\n`);
  }
}
