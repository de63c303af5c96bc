// The differential test against CPython 3.12: person-like edits of real files and CPython's own syntax tests,
// with CPython's recorded answers (tests/fixtures/syntax/cpython-diff, made by its generate.py).
using System.Security.Cryptography;
using System.Text;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

/// <summary>What compile() said about one case: null for valid code, else the SyntaxError's position and message.</summary>
public sealed record CPythonAnswer(int Line, int Offset, int EndLine, int EndOffset, string Message);

public sealed record CPythonCase(string Id, string Text, CPythonAnswer? Answer);

/// <summary>Reads the corpus and rebuilds each case's text: an edit of a standard-library file, or a stored snippet.</summary>
public static class CPythonCorpus
{
    public static string Folder => RepoPaths.Fixtures("syntax", "cpython-diff");

    /// <summary>The cases whose text can be rebuilt here, and the files that could not (missing or different).</summary>
    public static (List<CPythonCase> Cases, List<string> Unavailable) Load()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "cases.jsonl"));
        var header = JObject.Parse(lines[0]);
        string stdlib = (string)header["stdlib"]!;
        var cases = new List<CPythonCase>();
        var unavailable = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var o = JObject.Parse(lines[i]);
            if (o["s"] is { } s)
            {
                cases.Add(new CPythonCase($"{o["t"]}#{i}", (string)s!, AnswerOf(o["r"])));
                continue;
            }
            string rel = (string)o["f"]!;
            string path = Path.Combine(stdlib, rel);
            string? text = File.Exists(path) ? File.ReadAllText(path) : null;
            if (text is null || Hash(text) != (string)o["h"]!)
            {
                unavailable.Add(rel);
                continue;
            }
            foreach (var c in (JArray)o["c"]!)
            {
                var edit = (JArray)c[0]!;
                cases.Add(new CPythonCase($"{rel} {edit.ToString(Newtonsoft.Json.Formatting.None)}", Apply(text, edit), AnswerOf(c[1])));
            }
        }
        return (cases, unavailable);
    }

    private static CPythonAnswer? AnswerOf(JToken? r) =>
        r is JArray a ? new CPythonAnswer(IntOf(a[0]), IntOf(a[1]), IntOf(a[2]), IntOf(a[3]), (string)a[4]!) : null;

    private static int IntOf(JToken t) => t.Type == JTokenType.Integer ? (int)t : 0;

    private static string Hash(string text) =>
        Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant()[..16];

    /// <summary>Applies one edit exactly as generate.py's apply() does (lines split on '\n' only).</summary>
    public static string Apply(string text, JArray e)
    {
        string op = (string)e[0]!;
        int i = (int)e[1]! - 1, col = (int)e[2]!;
        string? arg = e.Count > 3 ? (string)e[3]! : null;
        var lines = text.Split('\n').ToList();
        string s = lines[i];
        switch (op)
        {
            case "cut": lines[i] = s[..col]; break;
            case "cutend":
                lines[i] = s[..col];
                lines.RemoveRange(i + 1, lines.Count - i - 1);
                break;
            case "del": lines[i] = s[..col] + s[(col + 1)..]; break;
            case "ins": lines[i] = s[..col] + arg + s[col..]; break;
            case "indent": lines[i] = arg + s.TrimStart(' ', '\t'); break;
            case "join":
                lines[i] = s + lines[i + 1];
                lines.RemoveAt(i + 1);
                break;
            case "stmt":
                string indent = s[..(s.Length - s.TrimStart(' ', '\t').Length)];
                lines.Insert(i, indent + arg);
                break;
            default: throw new InvalidDataException("unknown edit " + op);
        }
        return string.Join("\n", lines);
    }
}

public class CPythonDifferentialTests(ITestOutputHelper output)
{
    /// <summary>Our first error as CPython would state it: line, 1-based column in code points, message.</summary>
    internal static (int Line, int Column, string Message)? First(string text)
    {
        var r = PythonParser.Parse(text);
        var e = r.FirstError;
        if (e is null) return null;
        var (line, col) = LineAndColumn(text, e.Span.Start);
        return (line, col, e.Message);
    }

    /// <summary>1-based line (lines end at \n, \r\n or \r as in CPython) and 1-based column counted in code points.</summary>
    internal static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        int col = 1;
        for (int i = lineStart; i < offset && i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i])) col++;
        return (line, col);
    }

    [Fact]
    public void First_errors_agree_with_CPython_3_12_on_edited_real_files_and_CPythons_own_tests()
    {
        var (cases, unavailable) = CPythonCorpus.Load();
        if (unavailable.Count > 0) output.WriteLine($"{unavailable.Count} standard-library files differ from the corpus's (their edits are not compared): {string.Join(", ", unavailable.Take(20))}");
        Assert.True(cases.Count >= 3000, $"only {cases.Count} cases could be rebuilt (is Debian's python3.11 standard library in /usr/lib/python3.11?)");

        int valid = 0, invalid = 0, verdict = 0, line = 0, message = 0, column = 0;
        var falseErrors = new List<string>();
        var report = new StringBuilder();
        foreach (var c in cases)
        {
            var ours = First(c.Text);
            if (c.Answer is null)
            {
                valid++;
                if (ours is null) verdict++;
                else falseErrors.Add($"{c.Id}: CPython accepts; we say line {ours.Value.Line}:{ours.Value.Column} {ours.Value.Message}");
                continue;
            }
            invalid++;
            var a = c.Answer;
            if (ours is null)
            {
                report.AppendLine($"MISSED {c.Id}: CPython {a.Line}:{a.Offset} {a.Message}");
                continue;
            }
            verdict++;
            var (l, col, msg) = ours.Value;
            // CPython gives offset 0 (the start of the line, before its first character) for a missing indented
            // block after a dedent; an editor's first column is 1.
            bool sameLine = l == a.Line, sameMessage = msg == a.Message, sameColumn = sameLine && col == Math.Max(1, a.Offset);
            if (sameLine) line++;
            if (sameMessage) message++;
            if (sameColumn) column++;
            if (!sameLine || !sameMessage || !sameColumn)
                report.AppendLine($"{(sameLine ? "" : "LINE ")}{(sameMessage ? "" : "MSG ")}{(sameColumn ? "" : "COL ")}{c.Id}: CPython {a.Line}:{a.Offset} {a.Message} | ours {l}:{col} {msg}");
        }
        int total = valid + invalid;
        string summary = $"{total} cases ({valid} valid, {invalid} rejected by CPython): verdict {Pct(verdict, total)}, " +
                         $"line {Pct(line, invalid)}, message {Pct(message, invalid)}, column {Pct(column, invalid)}";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CPYTHON_DIFF_REPORT") is { Length: > 0 } path)
            File.WriteAllText(path, summary + "\n" + string.Join("\n", falseErrors) + "\n" + report);
        Assert.True(falseErrors.Count == 0, $"false errors on code CPython accepts:\n{string.Join("\n", falseErrors)}");
        Assert.True(verdict >= 0.99 * total, summary);
        Assert.True(line >= 0.98 * invalid, summary);
        Assert.True(message >= 0.95 * invalid, summary);
        Assert.True(column >= 0.90 * invalid, summary);
    }

    private static string Pct(int n, int of) => $"{n}/{of} = {(of == 0 ? 0 : 100.0 * n / of):F1}%";
}
