// The shape of a workspace/executeCommand command: one class per command in this folder, found automatically.
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

/// <summary>What a command gets: the server's services, the raw arguments, a progress token and cancellation.</summary>
public sealed class CommandContext
{
    public required LanguageServer Server { get; init; }
    public required IReadOnlyList<JToken> Arguments { get; init; }
    public JToken? WorkDoneToken { get; init; }
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// A server command. Adding one is adding a file here with a sealed class that implements this interface and has
/// a public parameterless constructor: <see cref="CommandRegistry"/> lists it and executeCommandProvider advertises it.
/// Throw <c>JsonRpcException</c> for bad arguments (answered as an error); return any JSON as the result.
/// </summary>
public interface IServerCommand
{
    /// <summary>The command id, e.g. <c>codenode.run</c>.</summary>
    string Name { get; }

    Task<JToken?> Execute(CommandContext context);
}
