// codenode.rules: lists every rule (code, name, dialect, severity, summary), for the client's docs and for tests.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

public sealed class RulesCommand : IServerCommand
{
    public string Name => "codenode.rules";

    public Task<JToken?> Execute(CommandContext context) =>
        Task.FromResult<JToken?>(new JArray(RuleCatalog.All.Select(r => new JObject
        {
            ["code"] = r.Code,
            ["name"] = r.Name,
            ["dialect"] = r.Dialect,
            ["severity"] = r.Severity.ToString().ToLowerInvariant(),
            ["summary"] = r.Summary,
        })));
}
