// The handler shapes: one class per LSP method, saying whether it mutates state, with typed params and result.
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server;

/// <summary>What a handler gets besides its params: the server, a cancellation token and, for document requests, the snapshot.</summary>
public sealed class RequestContext
{
    public required LanguageServer Server { get; init; }
    public CancellationToken Cancellation { get; init; }
    /// <summary>The snapshot of the request's document, taken in order with the edits (null when closed or not a document request).</summary>
    public Document? Document { get; init; }
    /// <summary>The request being answered; null for notifications.</summary>
    public IncomingRequest? Request { get; init; }
}

/// <summary>
/// A handler of one LSP method. Mutating handlers run one at a time in arrival order; read-only ones run on the
/// thread pool on a snapshot, with a token cancelled by <c>$/cancelRequest</c> or by an edit of their document.
/// </summary>
public abstract class Handler
{
    public abstract string Method { get; }
    public abstract bool Mutates { get; }
    public virtual bool IsNotification => false;

    /// <summary>Adds this handler's part of the server capabilities (so no feature is advertised without a handler).</summary>
    public virtual void Contribute(ServerCapabilities capabilities) { }

    /// <summary>The document the request is about (its snapshot is captured before the handler runs).</summary>
    public virtual string? DocumentUri(JToken? parameters) =>
        parameters is JObject o && o["textDocument"] is JObject doc && doc["uri"] is JValue { Type: JTokenType.String } uri ? uri.Value<string>() : null;

    public abstract Task<JToken?> Invoke(JToken? parameters, RequestContext context);
}

/// <summary>A request handler with typed params and result; bad params become -32602.</summary>
public abstract class RequestHandler<TParams, TResult> : Handler where TParams : class
{
    public sealed override async Task<JToken?> Invoke(JToken? parameters, RequestContext context)
    {
        var p = LspJson.ToObject<TParams>(parameters);
        var result = await Handle(p, context).ConfigureAwait(false);
        return LspJson.ToToken(result);
    }

    protected abstract Task<TResult?> Handle(TParams parameters, RequestContext context);
}

/// <summary>A notification handler with typed params.</summary>
public abstract class NotificationHandler<TParams> : Handler where TParams : class
{
    public sealed override bool IsNotification => true;

    public sealed override async Task<JToken?> Invoke(JToken? parameters, RequestContext context)
    {
        var p = LspJson.ToObject<TParams>(parameters);
        await Handle(p, context).ConfigureAwait(false);
        return null;
    }

    protected abstract Task Handle(TParams parameters, RequestContext context);
}
