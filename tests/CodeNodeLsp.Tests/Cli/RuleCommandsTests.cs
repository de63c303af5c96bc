// `codenode rules`, `codenode explain`, the generated docs/rules pages, and `codenode check --ignore/--severity`.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Cli;

public class RuleCommandsTests
{
    [Fact]
    public void DocsRules_AreUpToDateWithTheCatalogue()
    {
        string folder = Path.Combine(RepoPaths.Root, RuleDocs.Folder);
        foreach (var (file, text) in RuleDocs.Pages())
        {
            string path = Path.Combine(folder, file);
            Assert.True(File.Exists(path), $"{RuleDocs.Folder}/{file} is missing; run scripts/rule-docs.sh.");
            Assert.True(text == File.ReadAllText(path), $"{RuleDocs.Folder}/{file} differs from the rule catalogue; run scripts/rule-docs.sh.");
        }
    }

    [Fact]
    public void EveryRule_HasAHeadingOnItsPage_ThatItsUrlPointsTo()
    {
        var pages = RuleDocs.Pages().ToDictionary(p => p.File, p => p.Text);
        foreach (var rule in RuleCatalog.All)
        {
            string url = RuleDocs.Url(rule);
            Assert.StartsWith(RuleDocs.BaseUrl, url);
            string[] parts = url[RuleDocs.BaseUrl.Length..].Split('#');
            Assert.Equal(rule.Code.ToLowerInvariant(), parts[1]);
            Assert.Contains($"\n## {rule.Code}\n", pages[parts[0]]);
            Assert.Contains(rule.Summary, pages[parts[0]]);
        }
    }

    [Fact]
    public void Rules_ListsEveryRule_AsTextAndJsonWithUrls()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, RuleCommands.RunRules("json", null, stdout, new StringWriter()));
        var rules = JArray.Parse(stdout.ToString());
        Assert.Equal(RuleCatalog.All.Count, rules.Count);
        Assert.Equal(RuleDocs.Url(RuleCatalog.Find("PF101")!), rules.First(r => r["code"]!.Value<string>() == "PF101")["url"]!.Value<string>());
        var list = new StringWriter();
        RuleCommands.RunRules("text", "list", list, new StringWriter());
        Assert.Equal(RuleDocs.Pages().Select(p => p.File), list.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var page = new StringWriter();
        RuleCommands.RunRules("text", "pflow.md", page, new StringWriter());
        Assert.Contains("## PF101\n", page.ToString());
        Assert.Equal(2, RuleCommands.RunRules("text", "nope.md", new StringWriter(), new StringWriter()));
        var text = new StringWriter();
        RuleCommands.RunRules("text", null, text, new StringWriter());
        Assert.Equal(RuleCatalog.All.Count, text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Explain_PrintsTheRule_AndRejectsUnknownCodesWithASuggestion()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, RuleCommands.RunExplain("pf208", stdout, new StringWriter()));
        Assert.Contains("PF208", stdout.ToString());
        Assert.Contains(RuleCatalog.Find("PF208")!.Summary, stdout.ToString());
        Assert.Contains(RuleDocs.Url("PF208")!, stdout.ToString());
        var stderr = new StringWriter();
        Assert.Equal(2, RuleCommands.RunExplain("PF2O8", new StringWriter(), stderr));
        Assert.Contains("PF208", stderr.ToString());
    }

    [Fact]
    public void Check_HonoursFlagsManifestRulesAndComments()
    {
        using var dir = new TempDir();
        string file = dir.File("node.py", "# codenode: stackai\nimport requests\ndef main():\n    return {}\n");
        int Run(RuleConfig? rules, out string output)
        {
            var stdout = new StringWriter();
            int code = CheckCommand.Run([file], "text", stdout, new StringWriter(), rules);
            output = stdout.ToString();
            return code;
        }
        Assert.Equal(1, Run(null, out string plain));
        Assert.Contains("SA040", plain);
        Assert.Contains("error SA004", plain);

        var problems = new List<string>();
        var flags = CheckCommand.RulesFromFlags(["SA040"], ["SA004=warning"], problems);
        Assert.Empty(problems);
        Assert.Equal(0, Run(flags, out string flagged));
        Assert.DoesNotContain("SA040", flagged);
        Assert.Contains("warning SA004", flagged);

        CheckCommand.RulesFromFlags([], ["SA004"], problems);
        Assert.Single(problems);

        // The project's codenode.json "rules" apply to files below it; a comment silences one line.
        dir.File("codenode.json", "{\"rules\": {\"ignore\": [\"SA04\"], \"severity\": {\"SA004\": \"hint\"}}, \"nodes\": {}}");
        Assert.Equal(0, Run(null, out string project));
        Assert.DoesNotContain("SA040", project);
        Assert.Contains("hint SA004", project);
        File.WriteAllText(file, "# codenode: stackai\nimport requests\ndef main():  # codenode: ignore[SA004]\n    return {}\n");
        Assert.Equal(0, Run(null, out string commented));
        Assert.Equal("", commented);
    }

    [Fact]
    public void ManifestRules_BadEntriesAreReportedAtTheirPlace()
    {
        using var dir = new TempDir();
        string manifest = dir.File("codenode.json", "{\"rules\": {\"ignore\": [\"XX1\"], \"severty\": {}}, \"nodes\": {}}");
        var stdout = new StringWriter();
        CheckCommand.Run([manifest], "text", stdout, new StringWriter());
        Assert.Contains("MF009", stdout.ToString());
        Assert.Contains("\"XX1\" matches no rule code", stdout.ToString());
        Assert.Contains("MF006", stdout.ToString());
    }
}
