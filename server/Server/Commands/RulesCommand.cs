// codenode.rules: lists every rule (code, name, dialect, severity, summary, docs URL), for the client's docs and for tests.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

public sealed class RulesCommand : IServerCommand
{
    public string Name => "codenode.rules";

    public Task<JToken?> Execute(CommandContext context) => Task.FromResult<JToken?>(ToJson());

    /// <summary>The rule table as JSON (the command's answer and <c>codenode rules --format json</c>).</summary>
    public static JArray ToJson() => new(RuleCatalog.All.Select(r => new JObject
    {
        ["code"] = r.Code,
        ["name"] = r.Name,
        ["dialect"] = r.Dialect,
        ["severity"] = RuleDocs.SeverityName(r.Severity),
        ["summary"] = r.Summary,
        ["url"] = RuleDocs.Url(r),
    }));
}
