// codenode.runInputs: what the inputs editor opens for a node: its current inputs and a JSON schema made for it.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

/// <summary>
/// Arguments: <c>[{"uri" or "path", "node"?}]</c>. Answer: <c>{"key", "node", "inputs", "schema", "inputsFile",
/// "schemaFile", "casesFile", "cases"}</c>: <c>inputs</c> pre-filled from the manifest and samples with the last run's
/// given values on top (<see cref="RunInputs"/>), the schema for key completion and validation, and where the client
/// keeps the two documents (<c>.codenode/inputs/</c>, git-ignored). The server writes none of them.
/// </summary>
public sealed class RunInputsCommand : IServerCommand
{
    public string Name => "codenode.runInputs";

    public async Task<JToken?> Execute(CommandContext context)
    {
        // The run just answered may still be writing its samples and history entry; read after them.
        await RunNodeCommand.PendingRecording().ConfigureAwait(false);
        var (target, error) = RunNodeCommand.NodeTarget(context, Name);
        if (target == null) return new JObject { ["error"] = error };
        var key = RunDocuments.NodeKey(target);
        var step = RunDocuments.StepOf(target);
        var (values, notes) = RunInputs.Current(target);
        var prefill = RunInputs.Prefill(values, RunHistory.Read(target.WorkspaceRoot, key));
        var extra = target.Context.Dialect == DialectIds.Pflow ? PflowRun.OtherKeys(target) : null;
        var title = $"Inputs of {(step ?? target.Context.NodeId ?? Path.GetFileName(target.Path))}";
        var (cases, _) = TestCases.List(target.Path, target.Context.Dialect, step);
        return new JObject
        {
            ["key"] = key,
            ["node"] = step is null ? JValue.CreateNull() : step,
            ["inputs"] = prefill,
            ["schema"] = RunInputs.Schema(title, target.Context.Dialect, prefill, notes, extra),
            ["inputsFile"] = RunInputs.FileFor(target.WorkspaceRoot, key),
            ["schemaFile"] = RunInputs.SchemaFileFor(target.WorkspaceRoot, key),
            ["casesFile"] = TestCases.FileFor(target.Path),
            ["cases"] = new JArray(cases.Select(c => new JObject { ["name"] = c.Name, ["inputs"] = c.Inputs })),
        };
    }
}
