// workspace/executeCommand: runs one of the commands in Server/Commands (advertised in executeCommandProvider).
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Commands;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class ExecuteCommandHandler : Handler
{
    public override string Method => Methods.ExecuteCommand;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.ExecuteCommandProvider = new ExecuteCommandOptions { Commands = CommandRegistry.All.Keys.Order(StringComparer.Ordinal).ToList() };

    public override async Task<JToken?> Invoke(JToken? parameters, RequestContext context)
    {
        var p = LspJson.ToObject<ExecuteCommandParams>(parameters);
        if (!CommandRegistry.All.TryGetValue(p.Command, out var command))
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"Unknown command \"{p.Command}\"; known: {string.Join(", ", CommandRegistry.All.Keys.Order(StringComparer.Ordinal))}.");
        return await command.Execute(new CommandContext
        {
            Server = context.Server,
            Arguments = p.Arguments ?? [],
            WorkDoneToken = p.WorkDoneToken,
            Cancellation = context.Cancellation,
        }).ConfigureAwait(false);
    }
}
