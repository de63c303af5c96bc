// workspace/didChangeConfiguration: pulls the codeNode section (or takes the pushed one) into Settings.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidChangeConfigurationHandler : NotificationHandler<DidChangeConfigurationParams>
{
    public override string Method => Methods.DidChangeConfiguration;
    public override bool Mutates => true;

    protected override Task Handle(DidChangeConfigurationParams p, RequestContext context)
    {
        var server = context.Server;
        // Clients that support pull send an empty or partial push; the pulled section is the truth then.
        if (ClientCapabilityPaths.Flag(server.ClientCapabilities, ClientCapabilityPaths.Configuration))
            server.PullConfiguration();
        else
            server.ApplySettings(Settings.From(p.Settings));
        return Task.CompletedTask;
    }
}
