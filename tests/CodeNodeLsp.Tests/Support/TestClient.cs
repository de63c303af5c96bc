// An in-process LSP peer for tests: starts a LanguageServer over anonymous pipes and speaks raw JSON-RPC to it.
using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Text;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Support;

public sealed class TestClient : IDisposable
{
    private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _serverIn;
    private readonly AnonymousPipeServerStream _fromServer = new(PipeDirection.In);
    private readonly AnonymousPipeClientStream _serverOut;
    private readonly BlockingCollection<JObject> _incoming = new();
    private readonly List<JObject> _seen = [];
    private readonly object _writeLock = new();
    private int _nextId;

    public TestClient(params Handler[] extraHandlers)
    {
        _serverIn = new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle);
        _serverOut = new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle);
        var logging = new LspLoggerProvider { Stderr = TextWriter.Null };
        ServerTask = Task.Factory.StartNew(() =>
        {
            try { return ServerHost.Run(_serverIn, _serverOut, logging, [.. HandlerRegistry.Create(), .. extraHandlers]); }
            finally { _serverOut.Dispose(); }
        }, TaskCreationOptions.LongRunning);
        Task.Factory.StartNew(ReadLoop, TaskCreationOptions.LongRunning);
    }

    /// <summary>Completes with the server's exit code.</summary>
    public Task<int> ServerTask { get; }

    private void ReadLoop()
    {
        var reader = new MessageReader(_fromServer);
        try
        {
            while (reader.Read() is { } body) _incoming.Add(JObject.Parse(body));
        }
        catch (IOException) { }
        _incoming.CompleteAdding();
    }

    public void SendRaw(byte[] bytes)
    {
        lock (_writeLock)
        {
            _toServer.Write(bytes);
            _toServer.Flush();
        }
    }

    public void SendBody(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        SendRaw([.. Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"), .. bytes]);
    }

    public void Notify(string method, object? parameters = null)
    {
        var message = new JObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null) message["params"] = JToken.FromObject(parameters);
        SendBody(message.ToString(Formatting.None));
    }

    /// <summary>Sends a request and returns its id (use <see cref="WaitResponse"/>).</summary>
    public JToken SendRequest(string method, object? parameters = null, JToken? id = null)
    {
        id ??= Interlocked.Increment(ref _nextId);
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null) message["params"] = JToken.FromObject(parameters);
        SendBody(message.ToString(Formatting.None));
        return id;
    }

    public JObject Request(string method, object? parameters = null) => WaitResponse(SendRequest(method, parameters));

    public JObject WaitResponse(JToken id) => WaitFor(m => m["method"] is null && JToken.DeepEquals(m["id"], id));

    /// <summary>Waits for a message from the server matching the predicate (earlier messages are kept and searched too).</summary>
    public JObject WaitFor(Func<JObject, bool> predicate, int timeoutMs = 10000)
    {
        lock (_seen)
        {
            var earlier = _seen.FirstOrDefault(predicate);
            if (earlier is not null) { _seen.Remove(earlier); return earlier; }
        }
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_incoming.TryTake(out var message, left))
                throw new TimeoutException("No matching message; seen: " + string.Join("\n", Seen().Select(m => m.ToString(Formatting.None))));
            if (predicate(message)) return message;
            lock (_seen) _seen.Add(message);
        }
    }

    public JObject WaitNotification(string method, Func<JObject, bool>? predicate = null) =>
        WaitFor(m => (string?)m["method"] == method && m["id"] is null && (predicate?.Invoke((JObject)m["params"]!) ?? true));

    /// <summary>Everything received so far that no wait consumed.</summary>
    public List<JObject> Seen()
    {
        while (_incoming.TryTake(out var m)) lock (_seen) _seen.Add(m);
        lock (_seen) return [.. _seen];
    }

    /// <summary>TextDocumentPositionParams for a request at a zero-based line and character.</summary>
    public static object Position(string uri, int line, int character) =>
        new { textDocument = new { uri }, position = new { line, character } };

    public JObject Initialize(object? capabilities = null, string? rootUri = null, object? initializationOptions = null)
    {
        var response = Request("initialize", new { processId = (int?)null, rootUri, capabilities = capabilities ?? new { }, initializationOptions });
        Notify("initialized", new { });
        return response;
    }

    public void Open(string uri, string text, int version = 1, string languageId = "python") =>
        Notify("textDocument/didOpen", new { textDocument = new { uri, languageId, version, text } });

    /// <summary>Opens a document and returns the diagnostics of its first publishDiagnostics.</summary>
    public JArray OpenAndWaitDiagnostics(string uri, string text)
    {
        Open(uri, text);
        var published = WaitNotification(Methods.PublishDiagnostics, p => p["uri"]!.Value<string>() == uri);
        return (JArray)published["params"]!["diagnostics"]!;
    }

    /// <summary>The code actions offered for one published diagnostic, asked with that diagnostic's range.</summary>
    public JArray CodeActions(string uri, JToken diagnostic) =>
        (JArray)Request("textDocument/codeAction", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri },
            ["range"] = diagnostic["range"]!.DeepClone(),
            ["context"] = new JObject { ["diagnostics"] = new JArray(diagnostic.DeepClone()) },
        })["result"]!;

    /// <summary>Completion items at a zero-based position, whether the server answers with a list or an array.</summary>
    public JArray CompletionItems(string uri, int line, int character)
    {
        var result = Request("textDocument/completion", Position(uri, line, character))["result"]!;
        return result is JArray items ? items : (JArray)result["items"]!;
    }

    public JArray CodeLenses(string uri) => (JArray)Request("textDocument/codeLens", new { textDocument = new { uri } })["result"]!;

    public int ShutdownAndExit()
    {
        Request("shutdown");
        Notify("exit");
        return WaitExit();
    }

    /// <summary>The server's exit code, waiting up to ten seconds for it to stop.</summary>
    public int WaitExit() => ServerTask.Wait(10000) ? ServerTask.Result : throw new TimeoutException("server did not exit");

    public void Dispose()
    {
        try { _toServer.Dispose(); } catch (IOException) { }
        ServerTask.Wait(5000);
        _serverIn.Dispose();
        _fromServer.Dispose();
    }
}
