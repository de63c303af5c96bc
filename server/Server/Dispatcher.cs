// Routes messages to handlers: mutations in arrival order on one queue, reads on the thread pool with cancellation.
using System.Collections.Concurrent;
using System.Threading.Channels;
using CodeNodeLsp.Protocol;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server;

/// <summary>
/// Every message passes through one ordered queue, so a read sees exactly the edits that arrived before it: a
/// mutating handler runs inside the queue; a read-only handler takes its document snapshot inside the queue and
/// then runs on the thread pool. Every request is answered exactly once: with its result, -32800 when cancelled,
/// -32801 when its document changed, the handler's own error, or -32603 when the handler threw.
/// </summary>
public sealed class Dispatcher
{
    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Handler> _handlers;
    private readonly ConcurrentDictionary<IncomingRequest, string> _inflightReads = new();
    private readonly LanguageServer _server;
    private readonly ILogger _log;
    private readonly Task _loop;

    public Dispatcher(LanguageServer server, IEnumerable<Handler> handlers, ILogger log)
    {
        _server = server;
        _log = log;
        _handlers = handlers.ToDictionary(h => h.Method, StringComparer.Ordinal);
        _loop = Task.Run(RunQueue);
    }

    public IReadOnlyCollection<Handler> Handlers => _handlers.Values;

    public bool Has(string method) => _handlers.ContainsKey(method);

    /// <summary>
    /// Back-pressure: the reader stops taking messages from the client while this many wait in the queue, so a client
    /// that sends faster than the server works (or stops reading the server's output, which stalls the queue on
    /// its writes) holds the rest in its own pipe instead of in the server's memory. The queue's memory is then at
    /// most this many messages (each at most the framing's body limit), and in practice a few megabytes.
    /// </summary>
    public const int MaxQueued = 64;

    private int _queued;
    private readonly object _room = new();

    /// <summary>Runs work in order with the edits (internal mutations: refresh after a manifest change, runtime diagnostics).</summary>
    public void Post(Func<Task> work)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(work)) Interlocked.Decrement(ref _queued);
    }

    /// <summary>The number of items queued and not yet finished.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// Called by the reader before it hands the next message on: waits while the queue is full. It never waits while
    /// <paramref name="mustKeepReading"/> says an answer from the client is awaited (a queued item may be waiting for
    /// it), so the wait cannot deadlock with the queue.
    /// </summary>
    public void WaitForRoom(Func<bool> mustKeepReading)
    {
        lock (_room)
        {
            while (Volatile.Read(ref _queued) >= MaxQueued && !mustKeepReading())
                Monitor.Wait(_room, 200);
        }
    }

    /// <summary>A task that completes when everything queued so far has run (tests and shutdown use it).</summary>
    public Task Drain()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => { done.SetResult(); return Task.CompletedTask; });
        return done.Task;
    }

    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// Called on the queue when it has run dry (or after a long run of items): the moment to start work that only the
    /// newest state deserves, such as analysing the documents a burst of edits touched.
    /// </summary>
    public event Action? Idle;

    private const int MaxItemsBetweenIdle = 64;

    private async Task RunQueue()
    {
        int sinceIdle = 0;
        await foreach (var work in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.LogError(e, "A queued operation failed.");
            }
            if (Interlocked.Decrement(ref _queued) < MaxQueued)
                lock (_room) Monitor.PulseAll(_room);
            // TryPeek, not Count: a single-reader channel cannot count.
            if (!_queue.Reader.TryPeek(out _) || ++sinceIdle >= MaxItemsBetweenIdle)
            {
                sinceIdle = 0;
                try { Idle?.Invoke(); }
                catch (Exception e) { _log.LogError(e, "An idle callback failed."); }
            }
        }
    }

    public void DispatchRequest(IncomingRequest request)
    {
        if (!_handlers.TryGetValue(request.Method, out var handler) || handler.IsNotification)
        {
            _server.Connection.ReplyError(request.Id, new ResponseError(ErrorCodes.MethodNotFound, $"Unhandled method {request.Method}"));
            return;
        }
        Post(async () =>
        {
            string? uri = SafeUri(handler, request.Params);
            var context = new RequestContext
            {
                Server = _server,
                Cancellation = request.Cancellation,
                Document = uri is null ? null : _server.Workspace.Documents.Get(uri),
                Request = request,
            };
            if (handler.Mutates)
            {
                await RunRequest(handler, request, context).ConfigureAwait(false);
                return;
            }
            if (uri is not null) _inflightReads[request] = uri;
            _ = Task.Run(async () =>
            {
                try { await RunRequest(handler, request, context).ConfigureAwait(false); }
                finally { _inflightReads.TryRemove(request, out _); }
            });
        });
    }

    public void DispatchNotification(string method, JToken? parameters)
    {
        if (!_handlers.TryGetValue(method, out var handler) || !handler.IsNotification)
        {
            // LSP: notifications starting with "$/" may be ignored silently; others are logged.
            if (!method.StartsWith("$/", StringComparison.Ordinal)) _log.LogInformation("Ignored unhandled notification {Method}.", method);
            return;
        }
        Post(async () =>
        {
            string? uri = SafeUri(handler, parameters);
            var context = new RequestContext { Server = _server, Document = uri is null ? null : _server.Workspace.Documents.Get(uri) };
            try
            {
                if (handler.Mutates) await handler.Invoke(parameters, context).ConfigureAwait(false);
                else _ = Task.Run(() => handler.Invoke(parameters, context));
            }
            catch (JsonRpcException e)
            {
                _log.LogError("Bad {Method} notification: {Message}", method, e.Message);
            }
            catch (Exception e)
            {
                _log.LogError(e, "Handling {Method} failed.", method);
            }
        });
    }

    /// <summary>Cancels the reads of a document that were started before it changed; they answer ContentModified.</summary>
    public void CancelReadsOf(string uri)
    {
        foreach (var (request, u) in _inflightReads)
            if (string.Equals(u, uri, StringComparison.Ordinal)) request.Cancel(ErrorCodes.ContentModified);
    }

    private async Task RunRequest(Handler handler, IncomingRequest request, RequestContext context)
    {
        var connection = _server.Connection;
        try
        {
            request.Cancellation.ThrowIfCancellationRequested();
            var result = await handler.Invoke(request.Params, context).ConfigureAwait(false);
            if (request.Cancellation.IsCancellationRequested && request.CancelCode == ErrorCodes.ContentModified)
                connection.ReplyError(request.Id, new ResponseError(ErrorCodes.ContentModified, "The document changed while the request ran."));
            else
                connection.Reply(request.Id, result);
        }
        catch (OperationCanceledException) when (request.Cancellation.IsCancellationRequested)
        {
            connection.ReplyError(request.Id, request.CancelCode == ErrorCodes.ContentModified
                ? new ResponseError(ErrorCodes.ContentModified, "The document changed while the request ran.")
                : new ResponseError(ErrorCodes.RequestCancelled, "The request was cancelled."));
        }
        catch (JsonRpcException e)
        {
            connection.ReplyError(request.Id, e.ToError());
        }
        catch (Exception e)
        {
            _log.LogError(e, "{Method} failed.", request.Method);
            connection.ReplyError(request.Id, new ResponseError(ErrorCodes.InternalError, $"Internal error in {request.Method}: {e.Message}"));
        }
    }

    private static string? SafeUri(Handler handler, JToken? parameters)
    {
        try { return handler.DocumentUri(parameters); }
        // Params of any JSON shape (a string, an array) must not escape here: the request still gets its -32602.
        catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentException or InvalidOperationException) { return null; }
    }
}
