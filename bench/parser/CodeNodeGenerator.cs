// Deterministic generator of realistic Python code nodes of an exact line count (the benchmark's input).
using System.Text;

namespace CodeNodeLsp.Bench.Parser;

/// <summary>
/// Builds a code node in the style of lspbench's gen.mjs: imports, annotated inputs, helper functions with
/// comprehensions, f-strings, dict literals, classes and a result block. Same seed, same text.
/// </summary>
public static class CodeNodeGenerator
{
    private static readonly string[] Header =
    [
        "# Code node: transform_orders (synthetic benchmark input)",
        "from __future__ import annotations",
        "",
        "import json",
        "import math",
        "import re",
        "from collections import Counter, defaultdict",
        "from dataclasses import dataclass, field",
        "from datetime import datetime, timedelta, timezone",
        "from typing import Any, cast",
        "",
        "orders: list[dict[str, Any]] = fetch_orders.result.items",
        "customers: dict[str, Any] = http_customers.body.data",
        "threshold: float = config.threshold",
        "currency: str = \"EUR\"",
        "",
    ];

    private static readonly string[][] Blocks =
    [
        [
            "def normalize_record_#I#(record: dict[str, Any], scale: float = #K#.5) -> dict[str, Any]:",
            "    \"\"\"Normalise one order record (block #I#).\"\"\"",
            "    amount = float(record.get(\"amount\", 0)) * scale",
            "    tags = [t.strip().lower() for t in record.get(\"tags\", []) if t]",
            "    if amount > threshold and \"vip\" in tags:",
            "        amount = round(amount * 1.#K2#, 2)",
            "    elif amount < 0:",
            "        raise ValueError(f\"negative amount in {record['id']!r}: {amount:.2f}\")",
            "    return {\"id\": record[\"id\"], \"amount\": amount, \"tags\": sorted(set(tags))}",
            "",
        ],
        [
            "@dataclass",
            "class Summary#I#:",
            "    total: float = 0.0",
            "    count: int = 0",
            "    by_region: dict[str, float] = field(default_factory=dict)",
            "",
            "    def add(self, region: str, value: float) -> None:",
            "        self.total += value",
            "        self.count += 1",
            "        self.by_region[region] = self.by_region.get(region, 0.0) + value",
            "",
        ],
        [
            "def bucket_#I#(values: list[float], size: int = #K#) -> dict[int, list[float]]:",
            "    buckets: dict[int, list[float]] = defaultdict(list)",
            "    for index, value in enumerate(values):",
            "        key = int(math.floor(value / max(size, 1)))",
            "        buckets[key].append(value)",
            "    counts = Counter({k: len(v) for k, v in buckets.items()})",
            "    return dict(buckets) if counts.most_common(1) else {}",
            "",
        ],
        [
            "PATTERN_#I# = re.compile(r\"^(?P<code>[A-Z]{#K#})-(?P<num>\\d+)$\")",
            "",
            "def parse_code_#I#(text: str) -> tuple[str, int] | None:",
            "    match = PATTERN_#I#.match(text.strip())",
            "    if not match:",
            "        return None",
            "    try:",
            "        return match.group(\"code\"), int(match.group(\"num\"))",
            "    except (TypeError, ValueError) as error:",
            "        print(json.dumps({\"error\": str(error), \"text\": text}))",
            "        return None",
            "",
        ],
        [
            "def window_#I#(start: datetime, days: int = #K#) -> list[str]:",
            "    moments = [start + timedelta(days=d, hours=h) for d in range(days) for h in (0, 12)]",
            "    labels = {m.strftime(\"%Y-%m-%d\"): m.tzinfo or timezone.utc for m in moments}",
            "    return [f\"{label}@{tz}\" for label, tz in labels.items() if label >= start.isoformat()[:10]]",
            "",
        ],
    ];

    private static readonly string[] Footer =
    [
        "",
        "summary = Summary0()",
        "for order in orders:",
        "    record = normalize_record_0(order)",
        "    summary.add(customers.get(record[\"id\"], {}).get(\"region\", \"n/a\"), record[\"amount\"])",
        "result = {\"total\": summary.total, \"count\": summary.count, \"currency\": currency}",
    ];

    public static string Generate(int lines, int seed = 1)
    {
        var rng = new Random(seed);
        var output = new List<string>(lines);
        output.AddRange(Header);
        int i = 0;
        while (output.Count + Footer.Length < lines)
        {
            // Blocks 0 and 1 come first so the footer's names exist; later blocks are drawn at random.
            var block = i < Blocks.Length ? Blocks[i] : Blocks[rng.Next(Blocks.Length)];
            if (output.Count + block.Length + Footer.Length > lines) break;
            int k = rng.Next(2, 9), k2 = rng.Next(10, 99);
            foreach (var template in block)
            {
                output.Add(template.Replace("#I#", i.ToString()).Replace("#K2#", k2.ToString()).Replace("#K#", k.ToString()));
            }
            i++;
        }
        // Only whole blocks are used (a cut block would not parse); comment lines fill the rest.
        while (output.Count + Footer.Length < lines) output.Add("# (padding to the exact line count)");
        output.AddRange(Footer);
        var sb = new StringBuilder();
        foreach (var line in output.Take(lines)) sb.Append(line).Append('\n');
        return sb.ToString();
    }
}
