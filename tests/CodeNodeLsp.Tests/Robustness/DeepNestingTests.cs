// 100,000-deep nesting of every construct through every reader and dialect: a "too deeply nested" diagnostic, never a crash.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using CodeNodeLsp.Workspace;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Robustness;

/// <summary>
/// Each case nests one construct 100,000 times (far past any stack) and runs on a thread with the default stack size,
/// like the server's workers: a recursion without a guard would end the test process, which fails the run loudly.
/// </summary>
public class DeepNestingTests
{
    public const int Depth = 100_000;

    /// <summary>Python expressions nested <see cref="Depth"/> times, one per construct.</summary>
    public static readonly IReadOnlyDictionary<string, Func<int, string>> Expressions = new Dictionary<string, Func<int, string>>
    {
        ["calls"] = n => Repeat("f(", n) + "1" + Repeat(")", n),
        ["calls-unclosed"] = n => Repeat("f(", n),
        ["keyword-arguments"] = n => Repeat("f(a=", n) + "1" + Repeat(")", n),
        ["subscripts"] = n => Repeat("a[", n) + "1" + Repeat("]", n),
        ["slices"] = n => Repeat("a[1:", n) + "1" + Repeat("]", n),
        ["attributes"] = n => "a" + Repeat(".b", n),
        ["method-chains"] = n => "a" + Repeat(".strip()", n),
        ["unary-minus"] = n => Repeat("-", n) + "1",
        ["unary-not"] = n => Repeat("not ", n) + "1",
        ["power"] = n => Repeat("2 ** ", n) + "1",
        ["lambdas"] = n => Repeat("lambda: ", n) + "1",
        ["conditional-expressions"] = n => Repeat("1 if 1 else ", n) + "1",
        ["comprehensions"] = n => Repeat("[a for a in ", n) + "b" + Repeat("]", n),
        ["generator-arguments"] = n => Repeat("f(a for a in ", n) + "b" + Repeat(")", n),
        ["f-strings"] = n => Repeat("f\"{", n) + "1" + Repeat("}\"", n),
        ["f-string-specs"] = n => "f\"{x:" + Repeat("{x:", n) + Repeat("}", n) + "}\"",
        ["parentheses"] = n => Repeat("(", n) + "1" + Repeat(")", n),
        ["lists"] = n => Repeat("[", n) + Repeat("]", n),
        ["dicts"] = n => Repeat("{1: ", n) + "1" + Repeat("}", n),
        ["mixed-brackets"] = n => Mixed(n),
        ["walrus"] = n => Repeat("(a := ", n) + "1" + Repeat(")", n),
        ["placeholders"] = n => Repeat("{{", n) + "a" + Repeat("}}", n),
    };

    public static TheoryData<string, string> PythonCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var construct in Expressions.Keys)
            foreach (var dialect in new[] { "python", DialectIds.Voxworks, DialectIds.StackAi, DialectIds.Pflow })
                data.Add(construct, dialect);
        return data;
    }

    [Theory]
    [MemberData(nameof(PythonCases))]
    public void NestedExpression_GivesANestingDiagnostic(string construct, string where)
    {
        string expr = Expressions[construct](Depth);
        var messages = OnSmallStack(() => Diagnose(where, expr));
        // A chain (a.b.b..., a.f().f()...) is a loop in the parser, not a recursion, so only the walks of the deep
        // tree it builds need guards; Voxworks refuses what its validator cannot walk, the others must just finish.
        if (FlatInTheParser.Contains(construct) && where != DialectIds.Voxworks) Assert.NotNull(messages);
        else Assert.Contains(messages, IsNestingMessage);
    }

    private static readonly HashSet<string> FlatInTheParser = ["attributes", "method-chains"];

    [Theory]
    [InlineData("python")]
    [InlineData(DialectIds.Voxworks)]
    [InlineData(DialectIds.StackAi)]
    public void NestedBlocks_GiveANestingDiagnostic(string where)
    {
        // Statements nest by indentation: a tokenizer limit (CPython's 100 levels) stops them before any recursion.
        var sb = new StringBuilder();
        for (int i = 1; i < 3000; i++) sb.Append(' ', 4 * i).Append("if x:\n");
        sb.Append(' ', 4 * 3000).Append("pass\n");
        string body = sb.ToString();
        var messages = OnSmallStack(() => Diagnose(where, null, body));
        Assert.Contains(messages, IsNestingMessage);
    }

    public static TheoryData<string> YamlCases() => ["flow-sequences", "flow-mappings", "block-mappings"];

    [Theory]
    [MemberData(nameof(YamlCases))]
    public void NestedYaml_GivesANestingDiagnostic(string shape)
    {
        string inputs = shape switch
        {
            "flow-sequences" => "    value: " + Repeat("[", Depth) + Repeat("]", Depth) + "\n",
            "flow-mappings" => "    value: " + Repeat("{a: ", Depth) + "1" + Repeat("}", Depth) + "\n",
            _ => BlockMappings(20_000),
        };
        string text = "# Big\n\nA workflow.\n\n## Steps\n\n### big\n\nBig code.\n\n- type: code\n- inputs:\n" + inputs +
                      "\n```python code\nvalue: int\nresult: dict = {}\n```\n";
        var messages = OnSmallStack(() => Analyze(DialectIds.Pflow, NodeLanguage.Markdown, "pflow.md", text));
        Assert.Contains(messages, m => m.Contains("too deep", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arrays")]
    [InlineData("objects")]
    [InlineData("unclosed")]
    public void NestedJson_GivesANestingDiagnostic(string shape)
    {
        string value = shape switch
        {
            "arrays" => Repeat("[", Depth) + Repeat("]", Depth),
            "objects" => Repeat("{\"a\": ", Depth) + "1" + Repeat("}", Depth),
            _ => Repeat("[", Depth),
        };
        string text = "{\"nodes\": {\"a\": {\"dialect\": \"voxworks\", \"file\": \"a.py\", \"variables\": {\"x\": " + value + "}}}}";
        var messages = OnSmallStack(() => ManifestReader.Read("/deep/codenode.json", text, _ => true).Diagnostics.Select(d => d.Message).ToList());
        Assert.Contains(messages, m => m.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void TreeDump_OfADeepTree_Finishes()
    {
        // The parser caps expressions, but a long flat chain still makes a deep left-leaning tree of BinOps.
        string text = "x = " + Repeat("a + ", 50_000) + "a\n";
        var dump = OnSmallStack(() => TreeDump.Dump(PythonParser.Parse(text)));
        Assert.Contains("BinOp", dump, StringComparison.Ordinal);
    }

    public static bool IsNestingMessage(string m) =>
        m.Contains("too many nested parentheses", StringComparison.Ordinal)
        || m.Contains("too many levels of indentation", StringComparison.Ordinal)
        || m.Contains("nested this deeply", StringComparison.Ordinal)
        || m.Contains("too deeply nested", StringComparison.Ordinal);

    /// <summary>The diagnostics' messages for the expression (or the block body) placed where each dialect reads Python.</summary>
    private static List<string> Diagnose(string where, string? expr, string? body = null)
    {
        string python = body ?? $"x = {expr}\n";
        if (where == "python")
            return PythonParser.Parse(python).Errors.Select(e => e.Message).ToList();
        if (where == DialectIds.Voxworks)
            return Analyze(where, NodeLanguage.Python, "py", "def run():\n" + (body ?? $"    x = {expr}\n") + "    return True\n");
        if (where == DialectIds.StackAi)
            return Analyze(where, NodeLanguage.Python, "py", "def main(args):\n" + (body ?? $"    x = {expr}\n") + "    return {}\n");
        return Analyze(where, NodeLanguage.Markdown, "pflow.md",
            "# Big\n\nA workflow.\n\n## Steps\n\n### big\n\nBig code.\n\n- type: code\n- inputs:\n    value: 1\n\n```python code\nvalue: int\n" +
            python + "result: dict = {}\n```\n");
    }

    private static List<string> Analyze(string dialectId, NodeLanguage language, string ext, string text)
    {
        var dialect = DialectRegistry.ById[dialectId];
        var analysis = dialect.Analyze(new AnalysisRequest
        {
            Path = "/deep/node." + ext,
            Text = SourceText.From(text),
            Context = NodeContext.ForDialect(dialectId, language),
            WorkspaceRoot = "/deep",
        }, CancellationToken.None);
        // The editor features walk the same tree: they must survive it too.
        foreach (int off in new[] { 0, text.Length / 2, text.Length })
        {
            _ = analysis.Complete(off, CancellationToken.None).ToList();
            _ = analysis.Hover(off, CancellationToken.None);
            _ = analysis.Definition(off, CancellationToken.None).ToList();
        }
        _ = analysis.Symbols(CancellationToken.None).ToList();
        return analysis.Diagnostics.Select(d => d.Message).ToList();
    }

    /// <summary>Runs the work on a new thread with the default stack size and rethrows what it threw.</summary>
    public static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        thread.Join();
        if (error != null) throw new Xunit.Sdk.XunitException($"{error.GetType().Name} escaped: {error.Message}\n{error.StackTrace}");
        return result;
    }

    public static string Repeat(string s, int n)
    {
        var sb = new StringBuilder(s.Length * n);
        for (int i = 0; i < n; i++) sb.Append(s);
        return sb.ToString();
    }

    private static string Mixed(int n)
    {
        var sb = new StringBuilder(n * 2 + 1);
        for (int i = 0; i < n; i++) sb.Append("([{"[i % 3]);
        sb.Append('1');
        for (int i = n - 1; i >= 0; i--) sb.Append(")]}"[i % 3]);
        return sb.ToString();
    }

    private static string BlockMappings(int n)
    {
        var sb = new StringBuilder();
        for (int i = 2; i < n; i++) sb.Append(' ', 2 * i).Append("a:\n");
        return sb.ToString();
    }
}
