// codenode.runHistory: a node's kept runs (newest first) and its saved test cases, for the result view.
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

/// <summary>
/// Arguments: <c>[{"uri" or "path", "node"?}]</c>. Answer: <c>{"key", "node", "runs", "cases", "historyFile",
/// "casesFile"}</c>, where <c>runs</c> are the entries of <c>.codenode/runs/KEY.json</c> (docs/run.md) and
/// <c>cases</c> the node's test cases <c>[{"name", "inputs"}]</c>; or <c>{"error"}</c> for a file that is no node.
/// </summary>
public sealed class RunHistoryCommand : IServerCommand
{
    public string Name => "codenode.runHistory";

    public async Task<JToken?> Execute(CommandContext context)
    {
        // The run just answered may still be writing its entry; the list must include it.
        await RunNodeCommand.PendingRecording().ConfigureAwait(false);
        var (target, error) = RunNodeCommand.NodeTarget(context, Name);
        if (target == null) return new JObject { ["error"] = error };
        var key = RunDocuments.NodeKey(target);
        var (cases, casesError) = TestCases.List(target.Path, target.Context.Dialect, RunDocuments.StepOf(target));
        var answer = new JObject
        {
            ["key"] = key,
            ["node"] = RunDocuments.StepOf(target) is { } step ? step : JValue.CreateNull(),
            ["runs"] = RunHistory.Read(target.WorkspaceRoot, key),
            ["cases"] = new JArray(cases.Select(c => new JObject { ["name"] = c.Name, ["inputs"] = c.Inputs })),
            ["historyFile"] = RunHistory.FileFor(target.WorkspaceRoot, key),
            ["casesFile"] = TestCases.FileFor(target.Path),
        };
        if (casesError != null) answer["casesError"] = casesError;
        return answer;
    }
}
