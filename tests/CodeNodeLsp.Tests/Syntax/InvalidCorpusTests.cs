// The invalid-snippet corpus: CPython's compile() rejects each snippet; we must too, on CPython's line for >= 95%.
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class InvalidCorpusTests(ITestOutputHelper output)
{
    internal const string CompileScript = """
        import json, sys, warnings
        warnings.simplefilter("ignore")
        out = []
        for s in json.loads(sys.stdin.read()):
            try:
                compile(s, "<snippet>", "exec")
                out.append(None)
            except SyntaxError as e:
                out.append([e.lineno or 0, e.msg])
            except ValueError as e:
                out.append([0, str(e)])
        print(json.dumps(out))
        """;

    /// <summary>Reads the corpus: entries separated by lines holding only "=====" (the text before the first is a header).</summary>
    public static List<string> Snippets()
    {
        var text = File.ReadAllText(RepoPaths.Fixtures("syntax", "invalid-snippets.txt")).Replace("\r\n", "\n");
        var parts = text.Split("=====\n");
        return parts.Skip(1).ToList();
    }

    [Fact]
    public void Every_invalid_snippet_is_rejected_on_CPythons_line()
    {
        var snippets = Snippets();
        Assert.True(snippets.Count >= 300, $"the corpus has only {snippets.Count} snippets");
        var verdicts = JArray.Parse(Python3.Run(CompileScript, JsonConvert.SerializeObject(snippets)));
        Assert.Equal(snippets.Count, verdicts.Count);

        var acceptedByCPython = new List<string>();
        var missed = new List<string>();
        var wrongLine = new List<string>();
        int sameLine = 0;
        for (int i = 0; i < snippets.Count; i++)
        {
            string s = snippets[i];
            if (verdicts[i].Type == JTokenType.Null)
            {
                acceptedByCPython.Add(JsonConvert.SerializeObject(s));
                continue;
            }
            int cpLine = (int)verdicts[i][0]!;
            string cpMessage = (string)verdicts[i][1]!;
            var r = PythonParser.Parse(s);
            if (TreeInvariants.Violation(r) is { } v) Assert.Fail($"{JsonConvert.SerializeObject(s)}: unsound tree: {v}");
            if (r.Errors.Count == 0)
            {
                missed.Add($"{JsonConvert.SerializeObject(s)}: CPython says line {cpLine}: {cpMessage}");
                continue;
            }
            int ourLine = LineOf(s, r.Errors[0].Span.Start);
            // CPython reports errors found at the very end of the input on the last line, or without a line.
            if (ourLine == cpLine || cpLine == 0) sameLine++;
            else wrongLine.Add($"{JsonConvert.SerializeObject(s)}: CPython line {cpLine}: {cpMessage} | ours line {ourLine}: {r.Errors[0].Message}");
        }
        Assert.True(acceptedByCPython.Count == 0, "CPython accepts these corpus entries (fix the corpus):\n" + string.Join("\n", acceptedByCPython));
        Assert.True(missed.Count == 0, $"{missed.Count} snippets get no error from us:\n" + string.Join("\n", missed));
        double ratio = (double)sameLine / snippets.Count;
        output.WriteLine($"line agreement with CPython: {sameLine}/{snippets.Count} = {ratio:P1}");
        foreach (var w in wrongLine) output.WriteLine(w);
        Assert.True(ratio >= 0.95, $"line agreement {sameLine}/{snippets.Count} = {ratio:P1} < 95%; differing:\n" + string.Join("\n", wrongLine));
    }

    internal static int LineOf(string text, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
        }
        return line;
    }
}
