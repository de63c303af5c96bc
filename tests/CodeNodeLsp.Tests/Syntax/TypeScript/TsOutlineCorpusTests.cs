// Runs the TypeScript outline corpus (tests/fixtures/syntax/typescript/outline.txt) and checks parser robustness.
using System.Text;
using CodeNodeLsp.Syntax.TypeScript;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Syntax.TypeScript;

public class TsOutlineCorpusTests
{
    public sealed record Case(string Name, string Source, string Expected)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<object[]> Cases()
    {
        string text = File.ReadAllText(RepoPaths.Fixtures("syntax", "typescript", "outline.txt")).Replace("\r\n", "\n");
        foreach (var block in text.Split("\n=== ").Skip(1))
        {
            int nl = block.IndexOf('\n');
            string rest = block[(nl + 1)..];
            int sep = rest.IndexOf("\n---\n", StringComparison.Ordinal);
            yield return [new Case(block[..nl], rest[..sep], rest[(sep + 5)..].TrimEnd('\n'))];
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus(Case c)
    {
        string actual = Dump(TsOutlineParser.Parse(c.Source));
        if (Environment.GetEnvironmentVariable("SHOW_ACTUAL") == "1") Console.Error.WriteLine($"=== {c.Name}\n{actual}\n");
        Assert.Equal(c.Expected, actual);
    }

    /// <summary>Files cut short at awkward places, shared with the syntax checker's tests.</summary>
    public static TheoryData<string> TruncatedInputs() =>
    [
        "", "function", "function main(", "const main = (args) =>", "export default", "import { a } from", "`${",
        "function main(args) { return {", "}}}}))))]]]", "class { get", "type T = <", "}}}}))))]]]>>>=", "@@@ # \\ \u0000 \uFFFF",
    ];

    [Theory]
    [MemberData(nameof(TruncatedInputs))]
    public void Parse_NeverThrowsOnTruncatedInput(string source)
    {
        var outline = TsOutlineParser.Parse(source);
        Assert.Equal(TsTokenKind.EndOfFile, outline.Tokens[^1].Kind);
    }

    [Fact]
    public void Parse_DeepNestingIsReportedOnceAndDoesNotOverflow()
    {
        string source = "function main(args) {" + new string('{', 100_000) + "return 1";
        var outline = TsOutlineParser.Parse(source);
        Assert.Equal(100, outline.Errors.Count);
        Assert.Single(outline.Functions);
    }

    [Fact]
    public void PropertyReads_FindsDotBracketAndDestructuring()
    {
        const string source = "function main(args) { const { a, \"b-c\": d } = args; return { x: args.e, y: args?.[\"f\"], z: other.g } }";
        var outline = TsOutlineParser.Parse(source);
        var reads = outline.PropertyReads("args", new CodeNodeLsp.Text.TextSpan(0, source.Length));
        Assert.Equal(["a:Destructure", "b-c:Destructure", "e:Dot", "f:Bracket"], reads.Select(r => $"{r.Key}:{r.Form}"));
        Assert.All(reads, r => Assert.Equal(r.Key, source.Substring(r.KeySpan.Start, r.KeySpan.Length)));
    }

    private static string Dump(TsOutline o)
    {
        var lines = new List<string>();
        foreach (var i in o.Imports)
            lines.Add($"import {i.Module} {i.Kind.ToString().ToLowerInvariant()}{(i.IsTypeOnly ? " type" : "")}");
        foreach (var f in o.Functions)
        {
            var sb = new StringBuilder("fn ").Append(f.Name);
            if (f.IsAsync) sb.Append(" async");
            if (f.IsGenerator) sb.Append(" generator");
            if (f.IsArrow) sb.Append(" arrow");
            if (f.IsDefaultExport) sb.Append(" default");
            if (f.IsExported) sb.Append(" export");
            sb.Append(" (").Append(string.Join(", ", f.Parameters.Select(Param))).Append(')');
            if (f.ReturnType != null) sb.Append(" : ").Append(f.ReturnType);
            if (f.Returns.Count > 0) sb.Append(" returns: ").Append(string.Join(", ", f.Returns.Select(r => r.Value is null ? "bare" : Value(r.Value))));
            if (f.CanFallOffEnd) sb.Append(" falls-off");
            lines.Add(sb.ToString());
            foreach (var l in f.Locals) lines.Add($"local {f.Name}.{l.Name} = {(l.Value is null ? "?" : Value(l.Value))}");
        }
        foreach (var v in o.Variables) lines.Add($"var {v.Name} = {(v.Value is null ? "?" : Value(v.Value))}");
        foreach (var n in o.NestedFunctions) lines.Add($"nested {n.Name}");
        foreach (var c in o.Classes) lines.Add($"class {c.Name}");
        if (o.ExportedNames.Count > 0)
            lines.Add("exports " + string.Join(", ", o.ExportedNames.Order(StringComparer.Ordinal)));
        foreach (var e in o.Errors) lines.Add($"error {e.Span.Start}..{e.Span.End} {e.Message}");
        return string.Join("\n", lines);
    }

    private static string Param(TsParameter p)
    {
        var sb = new StringBuilder();
        if (p.IsRest) sb.Append("...");
        sb.Append(p.Name);
        if (p.IsPattern && p.Destructured.Count > 0) sb.Append('{').Append(string.Join(",", p.Destructured.Select(k => k.Key))).Append('}');
        if (p.IsOptional) sb.Append('?');
        if (p.HasDefault) sb.Append('=');
        if (p.Annotation != null) sb.Append(": ").Append(p.Annotation);
        return sb.ToString();
    }

    private static string Value(TsValue v)
    {
        string kind = v.Kind switch
        {
            TsValueKind.JsonString => "json-string",
            TsValueKind.Identifier => "id:" + v.Name,
            _ => v.Kind.ToString().ToLowerInvariant(),
        };
        if (v.Kind == TsValueKind.Object) return kind + "{" + string.Join(",", v.Inner.Select(i => $"{i.Key}:{Value(i)}")) + "}";
        if (v.Kind == TsValueKind.Array) return kind + "[" + string.Join(",", v.Inner.Select(Value)) + "]";
        return kind;
    }
}
