// Work-done progress ($/progress begin/report/end) for long operations such as a node run, and its cancel button.
using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol;

/// <summary>
/// One progress bar in the client. Use the token the client sent with the request (<c>workDoneToken</c>) when
/// there is one; otherwise <see cref="CreateAsync"/> asks the client for a new one, or returns a silent
/// reporter when the client cannot show progress, so callers never need to check. The client's Cancel button
/// (<c>window/workDoneProgress/cancel</c>) cancels <see cref="Cancellation"/> until the progress ends.
/// </summary>
public sealed class WorkDoneProgress
{
    private readonly Connection? _connection;
    private readonly JToken? _token;
    private readonly CancellationTokenSource? _cancel;
    private bool _ended;

    private WorkDoneProgress(Connection? connection, JToken? token)
    {
        _connection = connection;
        _token = token;
        if (connection is not null && token is not null)
        {
            _cancel = new CancellationTokenSource();
            connection.Progress.Add(token, this);
        }
    }

    /// <summary>Cancelled when the client cancels this progress; never for a silent one.</summary>
    public CancellationToken Cancellation => _cancel?.Token ?? CancellationToken.None;

    internal void CancelByClient()
    {
        try { _cancel?.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public static WorkDoneProgress Silent { get; } = new(null, null);

    public bool IsSilent => _connection is null;

    public static WorkDoneProgress FromToken(Connection connection, JToken token) => new(connection, token);

    /// <summary>Creates a server-initiated progress with <c>window/workDoneProgress/create</c> when the client supports it.</summary>
    public static async Task<WorkDoneProgress> CreateAsync(Connection connection, bool clientSupportsProgress, CancellationToken ct)
    {
        if (!clientSupportsProgress) return Silent;
        var token = new JValue("codenode/" + Guid.NewGuid().ToString("N"));
        try
        {
            await connection.Request("window/workDoneProgress/create", new JObject { ["token"] = token }, ct).ConfigureAwait(false);
            return new WorkDoneProgress(connection, token);
        }
        catch (Exception e) when (e is JsonRpcException or OperationCanceledException)
        {
            return Silent;
        }
    }

    public void Begin(string title, string? message = null, int? percentage = null, bool cancellable = false)
    {
        var value = new JObject { ["kind"] = "begin", ["title"] = title, ["cancellable"] = cancellable };
        if (message is not null) value["message"] = message;
        if (percentage is not null) value["percentage"] = percentage;
        Send(value);
    }

    public void Report(string? message = null, int? percentage = null)
    {
        var value = new JObject { ["kind"] = "report" };
        if (message is not null) value["message"] = message;
        if (percentage is not null) value["percentage"] = percentage;
        Send(value);
    }

    /// <summary>Ends the progress bar; from then on the client can no longer cancel it.</summary>
    public void End(string? message = null)
    {
        if (_ended) return;
        _ended = true;
        if (_connection is not null && _token is not null) _connection.Progress.Remove(_token, this);
        var value = new JObject { ["kind"] = "end" };
        if (message is not null) value["message"] = message;
        Send(value);
    }

    private void Send(JObject value)
    {
        if (_connection is null || _token is null) return;
        _connection.Notify("$/progress", new JObject { ["token"] = _token.DeepClone(), ["value"] = value });
    }
}

/// <summary>
/// The progress bars of one connection that have not ended, by token, so <c>window/workDoneProgress/cancel</c> finds
/// the one the user cancelled. Tokens are numbers or strings; they are told apart as request ids are.
/// </summary>
public sealed class ProgressRegistry
{
    private readonly ConcurrentDictionary<string, WorkDoneProgress> _live = new(StringComparer.Ordinal);

    internal void Add(JToken token, WorkDoneProgress progress)
    {
        if (RequestId.TryParse(token, out var id)) _live[id.Key] = progress;
    }

    internal void Remove(JToken token, WorkDoneProgress progress)
    {
        if (RequestId.TryParse(token, out var id)) _live.TryRemove(new KeyValuePair<string, WorkDoneProgress>(id.Key, progress));
    }

    /// <summary>Cancels the live progress with this token; false when there is none (it ended, or was never ours).</summary>
    public bool Cancel(JToken? token)
    {
        if (!RequestId.TryParse(token, out var id) || !_live.TryGetValue(id.Key, out var progress)) return false;
        progress.CancelByClient();
        return true;
    }
}
