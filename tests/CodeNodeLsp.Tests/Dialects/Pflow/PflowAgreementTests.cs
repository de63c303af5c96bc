// Agreement with pflow's own validator on its example workflows (tests/fixtures/pflow-upstream/manifest.json).
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

/// <summary>
/// For each example copied from pflow (catalogue commit; the later-upstream files use newer syntax and are left
/// out, as pflow/README.md advises): where pflow found no error we report none, and every error pflow reported
/// (other than unknown MCP node types, which depend on the user's machine) we report too, on the line that holds
/// what the message names. pflow anchors YAML errors of bullets to the entity's heading; we point at the broken
/// bullet, so for those the check is "inside the entity that starts on pflow's line".
/// </summary>
public class PflowAgreementTests
{
    private static readonly JObject Manifest = JObject.Parse(File.ReadAllText(PflowTestSupport.Fixture("pflow-upstream", "manifest.json")));

    public static TheoryData<string> CatalogueFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in (JArray)Manifest["files"]!)
            if ((string?)f["revision"] == "catalogue-commit") data.Add((string)f["file"]!);
        return data;
    }

    private static (SourceText Text, IReadOnlyList<Diagnostic> Errors, PflowAnalysisView View) Run(string file)
    {
        string content = File.ReadAllText(PflowTestSupport.Fixture("pflow-upstream", file));
        var analysis = PflowTestSupport.Analyze(content, "/ws/" + file);
        var text = SourceText.From(content);
        return (text, analysis.Diagnostics.Where(d => d.Severity == Severity.Error).ToList(), new PflowAnalysisView(analysis));
    }

    [Theory]
    [MemberData(nameof(CatalogueFiles))]
    public void We_agree_with_pflows_validator(string file)
    {
        var entry = ((JArray)Manifest["files"]!).First(f => (string?)f["file"] == file);
        var verdict = (JObject)entry["pflow_static_validation_at_catalogue_commit"]!;
        var (text, errors, view) = Run(file);
        string Describe() => string.Join("\n", errors.Select(e => $"  line {text.PositionOf(e.Span.Start).Line + 1}: {e.Code} {e.Message.Split('\n')[0]}"));

        if (verdict["parse_error"] is JValue pe)
        {
            var m = Regex.Match((string)pe!, @"^Line (\d+): (.*)$");
            Assert.True(m.Success, $"unexpected manifest form: {pe}");
            int line = int.Parse(m.Groups[1].Value) - 1;
            string message = m.Groups[2].Value;
            string head = message.Contains(": ") ? message[..message.IndexOf(": ", StringComparison.Ordinal)] : message;
            bool found = errors.Any(e => e.Message.Contains(head, StringComparison.Ordinal)
                && (text.PositionOf(e.Span.Start).Line == line || view.EntityStartingAt(line)?.Contains(e.Span.Start) == true));
            Assert.True(found, $"{file}: pflow says \"{pe}\"; we report:\n{Describe()}");
            return;
        }

        var pflowErrors = ((JArray)verdict["errors"]!).Select(e => (string)e!)
            .Where(e => !Regex.IsMatch(e, @"Unknown node type: '?mcp-")).ToList();
        if (pflowErrors.Count == 0)
        {
            Assert.True(errors.Count == 0, $"{file}: pflow found no error; we report:\n{Describe()}");
            return;
        }
        foreach (var pflowError in pflowErrors)
        {
            var (needle, lines) = ExpectedLines(pflowError, text);
            Assert.True(lines.Count > 0, $"{file}: cannot place pflow's error \"{pflowError}\" in the file");
            bool found = errors.Any(e => lines.Contains(text.PositionOf(e.Span.Start).Line)
                && (text.Text.Substring(e.Span.Start, e.Span.Length).Contains(needle, StringComparison.Ordinal) || e.Message.Contains(needle, StringComparison.Ordinal)));
            Assert.True(found, $"{file}: pflow reports \"{pflowError}\" (lines {string.Join(",", lines.Select(l => l + 1))}); we report:\n{Describe()}");
        }
    }

    /// <summary>What pflow's message names (a template, an input, a type) and the lines of the file that hold it.</summary>
    private static (string Needle, HashSet<int> Lines) ExpectedLines(string error, SourceText text)
    {
        string needle;
        bool headingOnly = false;
        Match m;
        if ((m = Regex.Match(error, @"^Node '[^']+' references non-existent node '([^']+)'")).Success) needle = "${" + m.Groups[1].Value + ".";
        else if ((m = Regex.Match(error, @"^Node '[^']+' references undefined input '(\$\{[^}]+\})'")).Success) needle = m.Groups[1].Value;
        else if ((m = Regex.Match(error, @"^Template variable (\$\{[^}]+\})")).Success) needle = m.Groups[1].Value;
        else if ((m = Regex.Match(error, @"^Declared input\(s\) never used as template variable: (.+)$")).Success) { needle = m.Groups[1].Value.Split(", ")[0]; headingOnly = true; }
        else if ((m = Regex.Match(error, @"Unknown node type: '?([^']+?)'?$")).Success) needle = m.Groups[1].Value;
        else throw new InvalidOperationException($"The agreement test does not know pflow's message form: {error}");
        var lines = new HashSet<int>();
        for (int i = 0; i < text.LineCount; i++)
        {
            string line = text.LineText(i);
            if (headingOnly ? line.Trim() == "### " + needle : line.Contains(needle, StringComparison.Ordinal)) lines.Add(i);
        }
        return (needle, lines);
    }

    [Fact]
    public void Every_catalogue_example_is_checked()
    {
        // A guard against a manifest that silently lists nothing: the copied set has 20 catalogue-commit files.
        Assert.Equal(20, CatalogueFiles().Count);
    }

    /// <summary>Entity ranges of an analysis, to place pflow's heading-anchored errors.</summary>
    private sealed class PflowAnalysisView(CodeNodeLsp.Dialects.Pflow.PflowAnalysis analysis)
    {
        public TextSpan? EntityStartingAt(int line) =>
            analysis.Workflow.Entities.FirstOrDefault(e => e.HeadingLine - 1 == line)?.Span;
    }
}
