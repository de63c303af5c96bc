// A JSON-RPC connection over two streams: one reader thread, one writer lock, pending outgoing requests, cancellation.
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol;

/// <summary>What the connection hands to the layer above. Both are called on the reader thread and must return quickly.</summary>
public interface IMessageHandler
{
    void OnRequest(IncomingRequest request);
    void OnNotification(string method, JToken? parameters);
}

/// <summary>The trace level the client asked for with <c>$/setTrace</c> or <c>initialize</c>.</summary>
public enum TraceLevel { Off, Messages, Verbose }

/// <summary>
/// A request from the peer. Its token is cancelled by <c>$/cancelRequest</c> or by the server (a document change
/// cancels reads of that document with ContentModified); <see cref="CancelCode"/> says which code to answer.
/// </summary>
public sealed class IncomingRequest
{
    private readonly CancellationTokenSource _cts = new();
    private int _cancelCode = ErrorCodes.RequestCancelled;

    internal IncomingRequest(RequestId id, string method, JToken? parameters)
    {
        Id = id;
        Method = method;
        Params = parameters;
    }

    public RequestId Id { get; }
    public string Method { get; }
    public JToken? Params { get; }
    public CancellationToken Cancellation => _cts.Token;
    public int CancelCode => Volatile.Read(ref _cancelCode);

    public void Cancel(int code)
    {
        Volatile.Write(ref _cancelCode, code);
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    internal void Dispose() => _cts.Dispose();
}

public sealed class Connection
{
    private readonly MessageReader _reader;
    private readonly MessageWriter _writer;
    private readonly ILogger? _log;
    private readonly object _writeLock = new();
    // Keyed by RequestId.Key (see there why a string).
    private readonly ConcurrentDictionary<string, IncomingRequest> _incoming = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JToken?>> _outgoing = new(StringComparer.Ordinal);
    private long _nextId;
    private volatile bool _inputEnded;
    private volatile bool _stopRequested;
    private volatile bool _outputBroken;
    // Until the initialize result is out, the server sends nothing but responses (LSP: no notification or request of
    // the server's may come before it); logs before that point still reach stderr.
    private volatile bool _opened;

    public Connection(Stream input, Stream output, ILogger? log = null)
    {
        _reader = new MessageReader(input, log);
        _writer = new MessageWriter(output);
        _log = log;
    }

    public TraceLevel Trace { get; set; }

    /// <summary>The progress bars sent on this connection that the client may still cancel.</summary>
    public ProgressRegistry Progress { get; } = new();

    /// <summary>True while a request of the server's waits for the client's answer (the reader must keep reading).</summary>
    public bool AwaitingAnswers => !_outgoing.IsEmpty;

    /// <summary>True once the input ended: no answer to an outgoing request can arrive any more.</summary>
    public bool InputEnded => _inputEnded;

    /// <summary>Called once the initialize result is sent: from then on notifications and requests go out too.</summary>
    public void Open() => _opened = true;

    /// <summary>Makes <see cref="Run"/> return after the message being handled (the <c>exit</c> notification).</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Reads and routes messages until the input ends or <see cref="Stop"/>. Never throws on bad input.</summary>
    public void Run(IMessageHandler handler)
    {
        while (true)
        {
            string? body;
            try
            {
                body = _reader.Read();
            }
            catch (IOException e)
            {
                _log?.LogError("Reading the input failed: {Message}", e.Message);
                break;
            }
            if (body is null) break;
            try
            {
                Route(body, handler);
            }
            catch (Exception e)
            {
                // The handler is supposed to catch its own errors; this keeps a bug there from ending the read loop.
                _log?.LogError(e, "Handling a message failed.");
            }
            if (_stopRequested) break;
        }
        _inputEnded = true;
        foreach (var pending in _outgoing.Values) pending.TrySetCanceled();
    }

    private void Route(string body, IMessageHandler handler)
    {
        JToken token;
        try
        {
            token = LspJson.Parse(body);
        }
        catch (JsonException e)
        {
            _log?.LogError("Received a message that is not JSON: {Message}", e.Message);
            SendError(null, new ResponseError(ErrorCodes.ParseError, "Parse error: " + e.Message));
            return;
        }
        if (token is not JObject message)
        {
            SendError(null, new ResponseError(ErrorCodes.InvalidRequest, "Invalid request: a message must be a JSON object (batches are not used by LSP)."));
            return;
        }

        var methodToken = message["method"];
        bool hasId = message.TryGetValue("id", out var idToken);
        bool validId = RequestId.TryParse(idToken, out var id);
        if (message["jsonrpc"]?.Type != JTokenType.String || message.Value<string>("jsonrpc") != "2.0")
        {
            if (hasId || methodToken is null)
                SendError(validId ? id : null, new ResponseError(ErrorCodes.InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\"."));
            else
                _log?.LogWarning("Ignored a notification without \"jsonrpc\": \"2.0\".");
            return;
        }

        if (methodToken is not null)
        {
            if (methodToken.Type != JTokenType.String)
            {
                SendError(validId ? id : null, new ResponseError(ErrorCodes.InvalidRequest, "Invalid request: \"method\" must be a string."));
                return;
            }
            string method = methodToken.Value<string>()!;
            var parameters = message["params"];
            if (!hasId)
            {
                TraceIn("notification", method, null, parameters);
                if (method == "$/cancelRequest") { OnCancel(parameters); return; }
                if (method == "$/setTrace") { Trace = ParseTrace(parameters?["value"]); return; }
                handler.OnNotification(method, parameters);
                return;
            }
            if (!validId)
            {
                SendError(null, new ResponseError(ErrorCodes.InvalidRequest, "Invalid request: \"id\" must be an integer or a string."));
                return;
            }
            var request = new IncomingRequest(id, method, parameters);
            if (!_incoming.TryAdd(id.Key, request))
            {
                SendError(id, new ResponseError(ErrorCodes.InvalidRequest, $"Invalid request: id {id} is already in use by a pending request."));
                return;
            }
            TraceIn("request", method, id, parameters);
            handler.OnRequest(request);
            return;
        }

        if (hasId && (message.ContainsKey("result") || message.ContainsKey("error")))
        {
            OnResponse(validId ? id : null, message);
            return;
        }
        SendError(validId ? id : null, new ResponseError(ErrorCodes.InvalidRequest, "Invalid request: neither a request, a notification nor a response."));
    }

    private void OnCancel(JToken? parameters)
    {
        if (RequestId.TryParse(parameters?["id"], out var id) && _incoming.TryGetValue(id.Key, out var request))
            request.Cancel(ErrorCodes.RequestCancelled);
    }

    private void OnResponse(RequestId? id, JObject message)
    {
        if (id is null || !_outgoing.TryRemove(id.Value.Key, out var pending))
        {
            _log?.LogWarning("Received a response to an unknown request {Id}.", id?.ToString() ?? "null");
            return;
        }
        if (message["error"] is JObject error)
            pending.TrySetException(new JsonRpcException(error.Value<int?>("code") ?? ErrorCodes.UnknownErrorCode, error.Value<string>("message") ?? "error"));
        else
            pending.TrySetResult(message["result"]);
    }

    /// <summary>Answers a request with its result. Returns false (and logs) when it was already answered.</summary>
    public bool Reply(RequestId id, JToken? result)
    {
        if (!_incoming.TryRemove(id.Key, out var request))
        {
            _log?.LogError("A second answer to request {Id} was dropped.", id);
            return false;
        }
        request.Dispose();
        Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = id.ToJson(), ["result"] = result ?? JValue.CreateNull() });
        return true;
    }

    /// <summary>Answers a request with an error. Returns false (and logs) when it was already answered.</summary>
    public bool ReplyError(RequestId id, ResponseError error)
    {
        if (!_incoming.TryRemove(id.Key, out var request))
        {
            _log?.LogError("A second answer to request {Id} was dropped.", id);
            return false;
        }
        request.Dispose();
        SendError(id, error);
        return true;
    }

    /// <summary>The requests received and not yet answered (for cancelling the reads of a changed document).</summary>
    public IEnumerable<IncomingRequest> PendingRequests => _incoming.Values;

    public void Notify(string method, object? parameters)
    {
        if (!_opened) return;
        var message = new JObject { ["jsonrpc"] = "2.0", ["method"] = method };
        var p = LspJson.ToToken(parameters);
        if (p is not null) message["params"] = p;
        Send(message);
    }

    /// <summary>Sends a request to the peer and waits for its answer (e.g. <c>workspace/configuration</c>).</summary>
    public async Task<JToken?> Request(string method, object? parameters, CancellationToken ct = default)
    {
        if (!_opened) throw new InvalidOperationException($"{method} cannot be sent before the initialize result.");
        var id = RequestId.Of(Interlocked.Increment(ref _nextId));
        var tcs = new TaskCompletionSource<JToken?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _outgoing[id.Key] = tcs;
        if (_inputEnded) tcs.TrySetCanceled();
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = id.ToJson(), ["method"] = method };
        var p = LspJson.ToToken(parameters);
        if (p is not null) message["params"] = p;
        Send(message);
        using (ct.Register(() =>
        {
            if (_outgoing.TryRemove(id.Key, out var t))
            {
                Notify("$/cancelRequest", new JObject { ["id"] = id.ToJson() });
                t.TrySetCanceled();
            }
        }))
        {
            return await tcs.Task.ConfigureAwait(false);
        }
    }

    private void SendError(RequestId? id, ResponseError error) =>
        Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = id?.ToJson() ?? JValue.CreateNull(), ["error"] = error.ToJson() });

    private void Send(JObject message)
    {
        if (_outputBroken) return;
        string body = LspJson.Serialize(message);
        lock (_writeLock)
        {
            try
            {
                _writer.Write(body);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                // The client went away; nothing can be delivered any more, so remember it and stay quiet.
                _outputBroken = true;
                Console.Error.WriteLine("codenode: writing to the client failed: " + e.Message);
            }
        }
    }

    private void TraceIn(string kind, string method, RequestId? id, JToken? parameters)
    {
        if (Trace == TraceLevel.Off || method == "$/logTrace" || !_opened) return;
        string message = id is null ? $"Received {kind} '{method}'." : $"Received {kind} '{method} - ({id})'.";
        var p = new JObject { ["message"] = message };
        if (Trace == TraceLevel.Verbose && parameters is not null) p["verbose"] = "Params: " + parameters.ToString(Formatting.Indented);
        Send(new JObject { ["jsonrpc"] = "2.0", ["method"] = "$/logTrace", ["params"] = p });
    }

    public static TraceLevel ParseTrace(JToken? value) => value?.Type == JTokenType.String ? value.Value<string>() switch
    {
        "messages" => TraceLevel.Messages,
        "verbose" => TraceLevel.Verbose,
        _ => TraceLevel.Off,
    } : TraceLevel.Off;
}
