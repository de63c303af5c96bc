// The language server: lifecycle (initialize, initialized, shutdown, exit) and the services handlers and commands use.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Run;
using CodeNodeLsp.Workspace;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server;

/// <summary>
/// States: before <c>initialize</c> every request gets -32002 and notifications are dropped (except <c>exit</c>);
/// after <c>shutdown</c> only <c>exit</c> is accepted. <c>exit</c> ends <see cref="Run"/> with 0 after shutdown
/// and 1 without. The server also stops when the editor's process (<c>processId</c>) is gone, with the same codes;
/// whichever way it stops, requests still running (node runs) are cancelled first, which kills their processes.
/// </summary>
public sealed class LanguageServer : IMessageHandler
{
    private enum State { Created, Initialized, ShuttingDown }

    private volatile State _state = State.Created;
    private int? _exitCode;
    private ParentProcessWatcher? _parentWatcher;

    public LanguageServer(Connection connection, ILogger log, IReadOnlyList<Handler>? handlers = null)
    {
        Connection = connection;
        Log = log;
        Dispatcher = new Dispatcher(this, handlers ?? HandlerRegistry.Create(), log);
        Publisher = new DiagnosticsPublisher(this, log);
        Dispatcher.Idle += Publisher.Flush;
        Workspace.SamplesChanged += _ => Refresh();
        AnalysisPipeline.OnFailure ??= (message, e) => log.LogError(e, "{Message}", message);
    }

    public Connection Connection { get; }
    public ILogger Log { get; }
    public Dispatcher Dispatcher { get; }
    public DiagnosticsPublisher Publisher { get; }
    public CodeNodeWorkspace Workspace { get; } = new();
    /// <summary>Pull reports of closed files (workspace/diagnostic), invalidated with every settings or workspace refresh.</summary>
    public WorkspaceDiagnostics WorkspaceDiagnostics { get; } = new();
    /// <summary>The client's capabilities as sent in <c>initialize</c> (raw JSON).</summary>
    public JObject? ClientCapabilities { get; private set; }

    /// <summary>
    /// Ends the process with the given code when the editor's process is gone (the host passes Environment.Exit).
    /// The read loop is blocked on stdin then, and only ending the process stops it; without a terminator (in-process
    /// tests) the server just stops reading after the next message.
    /// </summary>
    public Action<int>? Terminate { get; init; }

    /// <summary>Runs until <c>exit</c> or the end of the input; returns the process exit code.</summary>
    public int Run()
    {
        Connection.Run(this);
        _parentWatcher?.Dispose();
        CancelRunningWork();
        Dispatcher.Complete();
        return _exitCode ?? (_state == State.ShuttingDown ? 0 : 1);
    }

    /// <summary>
    /// Cancels every request still running and waits briefly for their answers: a cancelled node run kills its
    /// process group before it answers, so nothing a run started outlives the server. Then waits for the background
    /// sweeps of the runs' sessions. Bounded, so a handler that ignores cancellation cannot keep the server alive.
    /// </summary>
    private void CancelRunningWork()
    {
        foreach (var request in Connection.PendingRequests) request.Cancel(ErrorCodes.RequestCancelled);
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (Connection.PendingRequests.Any() && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Cleanup.WaitAll(TimeSpan.FromSeconds(2));
    }

    /// <summary>The editor's process is gone: stop like <c>exit</c> would (code 1 unless shutdown came), runs killed.</summary>
    private void OnParentGone(int pid) => StopAndExit($"The editor's process {pid} is gone");

    /// <summary>
    /// SIGTERM or SIGHUP (the host registers them): stop like the editor's process gone, so a run in progress and
    /// the installer of its dependencies are killed and their temporary folders deleted before the process exits.
    /// </summary>
    public void OnTerminateSignal(string signal) => StopAndExit($"{signal} received");

    private void StopAndExit(string why)
    {
        int code = _state == State.ShuttingDown ? 0 : 1;
        try
        {
            Log.LogWarning("{Why}; the server exits.", why);
            _exitCode ??= code;
            Connection.Stop();
            CancelRunningWork();
        }
        catch (Exception e)
        {
            // Whatever failed, the server must still exit: nobody is left to use it.
            Log.LogError(e, "Stopping after the editor's process ended failed.");
        }
        Terminate?.Invoke(_exitCode ?? code);
    }

    public void OnRequest(IncomingRequest request)
    {
        Dispatcher.WaitForRoom(() => Connection.AwaitingAnswers);
        switch (request.Method)
        {
            case Methods.Initialize when _state == State.Created:
                _state = State.Initialized;
                Dispatcher.Post(() => { Initialize(request); return Task.CompletedTask; });
                return;
            case Methods.Initialize:
                Connection.ReplyError(request.Id, new ResponseError(ErrorCodes.InvalidRequest, "The server is already initialized."));
                return;
        }
        if (_state == State.Created)
        {
            Connection.ReplyError(request.Id, new ResponseError(ErrorCodes.ServerNotInitialized, $"The server is not initialized yet; send initialize before {request.Method}."));
            return;
        }
        if (_state == State.ShuttingDown)
        {
            Connection.ReplyError(request.Id, new ResponseError(ErrorCodes.InvalidRequest, $"The server is shutting down; {request.Method} was refused."));
            return;
        }
        if (request.Method == Methods.Shutdown)
        {
            _state = State.ShuttingDown;
            // Answer after the queued edits ran, so nothing is half done when the client sends exit.
            Dispatcher.Post(() => { Connection.Reply(request.Id, null); return Task.CompletedTask; });
            return;
        }
        Dispatcher.DispatchRequest(request);
    }

    public void OnNotification(string method, JToken? parameters)
    {
        Dispatcher.WaitForRoom(() => Connection.AwaitingAnswers);
        if (method == Methods.Exit)
        {
            _exitCode = _state == State.ShuttingDown ? 0 : 1;
            Connection.Stop();
            return;
        }
        if (_state != State.Initialized)
        {
            if (!method.StartsWith("$/", StringComparison.Ordinal)) Log.LogWarning("Dropped {Method}: the server is {State}.", method, _state == State.Created ? "not initialized" : "shutting down");
            return;
        }
        if (method == Methods.Initialized)
        {
            Dispatcher.Post(OnInitialized);
            return;
        }
        Dispatcher.DispatchNotification(method, parameters);
    }

    private void Initialize(IncomingRequest request)
    {
        var p = InitializeParams.FromJson(request.Params);
        ClientCapabilities = p.Capabilities;
        Connection.Trace = Connection.ParseTrace(p.Trace is null ? null : new JValue(p.Trace));
        Workspace.ChangeFolders(FolderPaths(p.WorkspaceFolders), []);
        if (Workspace.Folders.Count == 0)
        {
            string? root = p.RootUri is not null ? PathUtil.FromUri(p.RootUri) : p.RootPath;
            if (!string.IsNullOrEmpty(root)) Workspace.ChangeFolders([root], []);
        }
        if (p.InitializationOptions is JObject options)
        {
            Workspace.Settings = Settings.From(options);
            foreach (string problem in Workspace.Settings.Problems) Log.LogWarning("Setting codeNode.{Problem}", problem);
        }
        if (p.ProcessId is > 0 and int pid)
        {
            _parentWatcher = ParentProcessWatcher.Start(pid, () => OnParentGone(pid));
            if (_parentWatcher is null) Log.LogWarning("The editor's process {Pid} is not visible to the server (another pid namespace?), so it is not watched.", pid);
        }
        var capabilities = new ServerCapabilities();
        foreach (var handler in Dispatcher.Handlers) handler.Contribute(capabilities);
        Connection.Reply(request.Id, new InitializeResult
        {
            Capabilities = capabilities,
            ServerInfo = new ServerInfo { Name = "codenode", Version = ServerVersion },
        }.ToJson());
        Connection.Open();
    }

    /// <summary>The file-system paths of LSP workspace folders; folders that are not <c>file:</c> URIs are skipped.</summary>
    public static IEnumerable<string> FolderPaths(IEnumerable<WorkspaceFolder>? folders)
    {
        foreach (var folder in folders ?? [])
            if (PathUtil.FromUri(folder.Uri) is { } path) yield return path;
    }

    public static string ServerVersion => typeof(LanguageServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private Task OnInitialized()
    {
        if (ClientCapabilityPaths.Flag(ClientCapabilities, ClientCapabilityPaths.DidChangeWatchedFilesDynamic))
        {
            var registration = new JObject
            {
                ["registrations"] = new JArray(new JObject
                {
                    ["id"] = "codenode-watched-files",
                    ["method"] = Methods.DidChangeWatchedFiles,
                    ["registerOptions"] = new JObject
                    {
                        ["watchers"] = new JArray(
                            new JObject { ["globPattern"] = "**/" + Manifest.FileName },
                            new JObject { ["globPattern"] = "**/" + SampleStore.FolderName + "/" + SampleStore.FileName }),
                    },
                }),
            };
            _ = SendQuietly(Methods.RegisterCapability, registration);
        }
        PullConfiguration();
        return Task.CompletedTask;
    }

    /// <summary>Asks the client for the <c>codeNode</c> section (when it supports workspace/configuration) and applies it.</summary>
    public void PullConfiguration()
    {
        if (!ClientCapabilityPaths.Flag(ClientCapabilities, ClientCapabilityPaths.Configuration)) return;
        // The answer is awaited off the queue, then applied on it, so edits keep flowing during the round trip.
        _ = Task.Run(async () =>
        {
            var result = await SendQuietly(Methods.Configuration, new ConfigurationParams { Items = [new ConfigurationItem { Section = Settings.Section }] }).ConfigureAwait(false);
            if (result is JArray { Count: > 0 } items) ApplySettings(Settings.From(items[0]));
        });
    }

    /// <summary>Replaces the settings (on the queue) and re-analyses open documents.</summary>
    public void ApplySettings(Settings settings)
    {
        Dispatcher.Post(() =>
        {
            bool hintsChanged = Workspace.Settings.InlayHints != settings.InlayHints;
            Workspace.Settings = settings;
            foreach (string problem in settings.Problems) Log.LogWarning("Setting codeNode.{Problem}", problem);
            RepublishAll(Workspace.Refresh());
            WorkspaceDiagnostics.Invalidate();
            if (hintsChanged && ClientCapabilityPaths.Flag(ClientCapabilities, ClientCapabilityPaths.InlayHintRefresh)) _ = SendQuietly(Methods.InlayHintRefresh, new JObject());
            if (ClientCapabilityPaths.Flag(ClientCapabilities, ClientCapabilityPaths.DiagnosticRefresh)) _ = SendQuietly(Methods.DiagnosticRefresh, new JObject());
            return Task.CompletedTask;
        });
    }

    /// <summary>Re-reads manifests and samples for every open document and republishes (posted on the queue).</summary>
    public void Refresh() => Dispatcher.Post(() =>
    {
        RepublishAll(Workspace.Refresh());
        WorkspaceDiagnostics.Invalidate();
        return Task.CompletedTask;
    });

    public void RepublishAll(IEnumerable<Document> documents)
    {
        foreach (var d in documents) Publisher.Schedule(d.Uri);
    }

    /// <summary>
    /// Shows errors from a local run on an open document until its next edit. Ignored when the document is closed or
    /// has moved past <paramref name="version"/> (the run was of older text). Runs on the queue.
    /// </summary>
    public void SetRuntimeDiagnostics(string uri, IReadOnlyList<Diagnostic> diagnostics, int? version = null) =>
        Dispatcher.Post(() =>
        {
            if (Workspace.SetRuntimeDiagnostics(uri, diagnostics, version) is not null) Publisher.Schedule(uri);
            return Task.CompletedTask;
        });

    /// <summary>A progress reporter: the client's token when it sent one, else a server-created one, else silent.</summary>
    public Task<WorkDoneProgress> StartProgress(JToken? workDoneToken, CancellationToken ct)
    {
        if (workDoneToken is JValue { Type: JTokenType.String or JTokenType.Integer })
            return Task.FromResult(WorkDoneProgress.FromToken(Connection, workDoneToken));
        return WorkDoneProgress.CreateAsync(Connection, ClientCapabilityPaths.Flag(ClientCapabilities, ClientCapabilityPaths.WorkDoneProgress), ct);
    }

    private async Task<JToken?> SendQuietly(string method, object parameters)
    {
        try
        {
            return await Connection.Request(method, parameters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonRpcException or OperationCanceledException)
        {
            Log.LogWarning("The client did not answer {Method}: {Message}", method, e.Message);
            return null;
        }
    }
}
