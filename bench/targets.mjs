#!/usr/bin/env node
// Adds one SPEC §6 figure measured by a section harness to the run's targets.json, which bench/report.mjs turns into the targets table.
//
// Usage: node bench/targets.mjs FILE --id ID --measured MS [--reference TEXT] [--reason TEXT] [--label TEXT]
// ID is one of the ids in report.mjs's EXPECTED list (it fixes the wording and the limit, so no harness can
// restate a target differently); --reason says why the figure misses its target when it does.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const [file, ...argv] = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
if (!file || !opt('--id') || opt('--measured') == null || Number.isNaN(Number(opt('--measured')))) {
  process.stderr.write('usage: node bench/targets.mjs FILE --id ID --measured NUMBER [--reference TEXT] [--reason TEXT] [--label TEXT]\n');
  process.exit(64);
}
const data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { targets: [] };
data.targets = data.targets.filter((t) => t.id !== opt('--id'));
data.targets.push({ id: opt('--id'), measured: Number(opt('--measured')), reference: opt('--reference'), reason: opt('--reason'), label: opt('--label') });
writeFileSync(file, JSON.stringify(data, null, 1));
