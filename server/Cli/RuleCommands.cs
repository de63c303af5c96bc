// `codenode rules` (the rule table, or the generated docs/rules pages) and `codenode explain CODE` (one rule's text).
using System.CommandLine;
using CodeNodeLsp.Analysis;
using Newtonsoft.Json;

namespace CodeNodeLsp.Cli;

public static class RuleCommands
{
    public static Command Rules()
    {
        var format = new Option<string>("--format") { Description = "Output format: text (one rule a line) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var docsPage = new Option<string?>("--docs-page") { Description = "Print one generated page of docs/rules (README.md, pflow.md, ...; `list` names them). scripts/rule-docs.sh writes them all." };
        var command = new Command("rules", "List every rule: code, name, family, default severity, summary and documentation link.");
        command.Add(format);
        command.Add(docsPage);
        command.SetAction(parsed => RunRules(parsed.GetValue(format) ?? "text", parsed.GetValue(docsPage), Console.Out, Console.Error));
        return command;
    }

    public static Command Explain()
    {
        var code = new Argument<string>("CODE") { Description = "A rule code, such as PF101." };
        var command = new Command("explain", "Print what a rule checks, its default severity, how to silence it and its documentation link. Exit 2 for an unknown code.");
        command.Add(code);
        command.SetAction(parsed => RunExplain(parsed.GetValue(code) ?? "", Console.Out, Console.Error));
        return command;
    }

    public static int RunRules(string format, string? docsPage, TextWriter stdout, TextWriter stderr)
    {
        if (docsPage is not null)
        {
            var pages = RuleDocs.Pages();
            if (docsPage == "list")
            {
                foreach (var (file, _) in pages) stdout.WriteLine(file);
                return ExitCodes.Ok;
            }
            var page = pages.FirstOrDefault(p => p.File == docsPage);
            if (page.Text is null)
            {
                stderr.WriteLine($"codenode rules: no page {docsPage}; the pages are {string.Join(", ", pages.Select(p => p.File))}.");
                return ExitCodes.Usage;
            }
            stdout.Write(page.Text);
            return ExitCodes.Ok;
        }
        if (format == "json")
        {
            stdout.WriteLine(Server.Commands.RulesCommand.ToJson().ToString(Formatting.Indented));
            return ExitCodes.Ok;
        }
        foreach (var r in RuleCatalog.All)
            stdout.WriteLine($"{r.Code}  {r.Name,-34} {RuleDocs.SeverityName(r.Severity),-11} {r.Summary}");
        return ExitCodes.Ok;
    }

    public static int RunExplain(string code, TextWriter stdout, TextWriter stderr)
    {
        var rule = RuleCatalog.Find(code.Trim().ToUpperInvariant());
        if (rule is null)
        {
            string suggestion = Suggestions.DidYouMean(code.Trim().ToUpperInvariant(), RuleCatalog.All.Select(r => r.Code));
            stderr.WriteLine($"codenode explain: no rule {code}.{suggestion} `codenode rules` lists them all.");
            return ExitCodes.Usage;
        }
        stdout.Write(RuleDocs.Explain(rule));
        return ExitCodes.Ok;
    }
}
