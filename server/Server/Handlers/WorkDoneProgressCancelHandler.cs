// window/workDoneProgress/cancel: the Cancel button of a server-created progress bar (a node run) cancels its work.
using CodeNodeLsp.Protocol.Lsp;

namespace CodeNodeLsp.Server.Handlers;

public sealed class WorkDoneProgressCancelHandler : NotificationHandler<WorkDoneProgressCancelParams>
{
    public override string Method => Methods.WorkDoneProgressCancel;
    public override bool Mutates => false;

    /// <summary>A token that is unknown or already ended is ignored: the work it named is over.</summary>
    protected override Task Handle(WorkDoneProgressCancelParams p, RequestContext context)
    {
        context.Server.Connection.Progress.Cancel(p.Token);
        return Task.CompletedTask;
    }
}
