// codenode.saveCase: keeps a set of inputs as a named test case next to the node (FILE.cases.json).
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

/// <summary>
/// Arguments: <c>[{"uri" or "path", "node"?, "name", "inputs"}]</c>. The user asked for it (the "Save as test case"
/// action), so this is the one command that writes a file of the user's: <see cref="TestCases.Save"/>. Answer:
/// <c>{"ok", "file", "error"?}</c>.
/// </summary>
public sealed class SaveCaseCommand : IServerCommand
{
    public string Name => "codenode.saveCase";

    public Task<JToken?> Execute(CommandContext context)
    {
        var args = context.Arguments.Count > 0 ? context.Arguments[0] as JObject : null;
        var name = RunNodeCommand.Text(args?["name"]);
        if (name == null || args?["inputs"] is not JObject inputs)
            throw new Protocol.JsonRpcException(Protocol.ErrorCodes.InvalidParams, $"{Name} takes {{\"uri\" or \"path\", \"node\"?, \"name\", \"inputs\": {{...}}}}.");
        var (target, error) = RunNodeCommand.NodeTarget(context, Name);
        if (target == null) return Task.FromResult<JToken?>(new JObject { ["ok"] = false, ["error"] = error });
        var file = TestCases.FileFor(target.Path);
        var saveError = TestCases.Save(target.Path, target.Context.Dialect, RunDocuments.StepOf(target), name, inputs);
        var answer = new JObject { ["ok"] = saveError == null, ["file"] = file };
        if (saveError != null) answer["error"] = saveError;
        return Task.FromResult<JToken?>(answer);
    }
}
