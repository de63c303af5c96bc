// Inputs for the fuzz tests: random UTF-16, random bytes as UTF-8, token soup and mutations of every fixture, all from printed seeds.
using System.Text;

namespace CodeNodeLsp.Tests.Robustness;

/// <summary>
/// How long fuzzing runs and from which seed. CI runs a fixed budget (about a minute over every target);
/// <c>CODENODE_FUZZ_SECONDS</c> sets a longer local run and <c>CODENODE_FUZZ_SEED</c> another base seed.
/// One failing case is replayed with <c>CODENODE_FUZZ_SEED=S CODENODE_FUZZ_CASE=N</c> (printed on failure).
/// </summary>
public static class FuzzBudget
{
    public static TimeSpan Total
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("CODENODE_FUZZ_SECONDS");
            if (double.TryParse(env, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0) return TimeSpan.FromSeconds(s);
            // CI gets its minute; a developer's plain `dotnet test` gets a short pass so the suite stays quick.
            return TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("CI") == "true" ? 50 : 8);
        }
    }

    public static int BaseSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("CODENODE_FUZZ_SEED"), out var s) ? s : 20251121;

    /// <summary>A single case to replay, or null to run cases until the budget is used.</summary>
    public static int? OnlyCase =>
        int.TryParse(Environment.GetEnvironmentVariable("CODENODE_FUZZ_CASE"), out var c) ? c : null;

    /// <summary>The seed of case <paramref name="index"/> of a target: stable for a base seed, target and index.</summary>
    public static int CaseSeed(int baseSeed, string target, int index)
    {
        // FNV-1a over the target name, so targets do not share their random streams.
        uint h = 2166136261;
        foreach (char c in target) h = (h ^ c) * 16777619;
        return (int)(h ^ (uint)baseSeed * 31u ^ (uint)index * 2654435761u);
    }
}

/// <summary>Builds one fuzz input from a seed.</summary>
public static class FuzzInputs
{
    // Pieces that steer random text towards the interesting parts of the grammars: Python blocks, brackets and
    // strings, both placeholder syntaxes, Markdown workflow structure, YAML bullets and broken UTF-16.
    private static readonly string[] Pieces =
    [
        "def ", "class ", "run", "main", "(args)", "():", "(", ")", "[", "]", "{", "}", "{{", "}}", "${", "$", ":", "\n",
        "    ", "\t", "'", "\"", "'''", "\"\"\"", "f\"", "rb'", "{x!r:>{w}}", "\\", "\\\n", "# c", "lambda", "=", "==",
        "->", "@", "0x", "1e", "1_0", ".5j", "_", "async ", "await ", "yield ", "import os", "from . import x", "return ",
        "if ", "elif ", "else:", "try:", "except* ", "finally:", "match x:", "case _:", "with ", " as ", "for ", " in ",
        "while ", "global x", "nonlocal y", "print(", "result: dict = ", "<", ">", "%", "~", "*", "**", ".", "...", ";",
        ",", "not ", " and ", " or ", ":=", "type X = ", "\r", "\r\n", "\uD800", "\uDC00", "😀", "é", "\0", "\u2028",
        "```python code\n", "```\n", "~~~\n", "## Steps\n", "## Inputs\n", "### step\n", "- type: code\n",
        "- inputs:\n    a: ${b.c}\n", "- timeout: x\n", "---\n", "args[\"", "args.get(\"", "{{contact.email}}",
        "{{custom.a.b}}", "input_1", "${fetch.response.items[0]}", "${", "# codenode: voxworks\n",
        "// codenode: stackai\n", "export function main(args) {", "=>", "`${", "}`", "/re/g", "interface ", ": string",
    ];

    public static string Make(Random rnd, IReadOnlyList<string> corpus)
    {
        return rnd.Next(10) switch
        {
            0 => RandomUtf16(rnd, rnd.Next(0, 400)),
            1 => RandomUtf8Bytes(rnd, rnd.Next(0, 400)),
            2 or 3 or 4 => TokenSoup(rnd, rnd.Next(1, 120)),
            _ => corpus.Count == 0 ? TokenSoup(rnd, 60) : Mutate(rnd, corpus[rnd.Next(corpus.Count)]),
        };
    }

    /// <summary>Any UTF-16 code units, lone surrogates and control characters included.</summary>
    public static string RandomUtf16(Random rnd, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = rnd.Next(4) == 0 ? (char)rnd.Next(0x10000) : (char)rnd.Next(0, 128);
        return new string(chars);
    }

    /// <summary>Random bytes read as UTF-8 (invalid sequences become U+FFFD, as a file read would give).</summary>
    public static string RandomUtf8Bytes(Random rnd, int length)
    {
        var bytes = new byte[length];
        rnd.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public static string TokenSoup(Random rnd, int pieces)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) sb.Append(Pieces[rnd.Next(Pieces.Length)]);
        return sb.ToString();
    }

    /// <summary>Applies one to eight edits to a real file: deletions, duplications, insertions, swaps, truncation.</summary>
    public static string Mutate(Random rnd, string text)
    {
        var sb = new StringBuilder(text);
        int edits = rnd.Next(1, 9);
        for (int e = 0; e < edits; e++)
        {
            int len = sb.Length;
            int at = len == 0 ? 0 : rnd.Next(len + 1);
            int span = len == 0 ? 0 : Math.Min(len - Math.Min(at, len), rnd.Next(1, 40));
            switch (rnd.Next(7))
            {
                case 0: sb.Remove(Math.Min(at, len), span); break;
                case 1: sb.Insert(at, sb.ToString(Math.Min(at, len), span)); break;
                case 2: sb.Insert(at, Pieces[rnd.Next(Pieces.Length)]); break;
                case 3: sb.Insert(at, RandomUtf16(rnd, rnd.Next(1, 6))); break;
                case 4: if (len > 0) sb.Length = rnd.Next(len); break;
                case 5:
                    // Swap two characters: moves a bracket, quote or colon somewhere else.
                    if (len > 2)
                    {
                        int a = rnd.Next(len), b = rnd.Next(len);
                        (sb[a], sb[b]) = (sb[b], sb[a]);
                    }
                    break;
                default: sb.Insert(at, new string(rnd.Next(2) == 0 ? '(' : '[', rnd.Next(1, 50))); break;
            }
        }
        return sb.ToString();
    }
}
