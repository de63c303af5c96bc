// codenode.run: runs a node (from the palette, the "Run node" lens or the client's view) and returns the result object.
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Run;
using CodeNodeLsp.Workspace;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Commands;

/// <summary>
/// Arguments: <c>[{"uri" or "path", "node"?, "inputs"?, "timeout"?}]</c>. The open document's text runs (unsaved
/// edits included); a closed file is read from disk. While the run goes on, <c>$/progress</c> reports its stage;
/// cancelling the request, or the progress (<c>window/workDoneProgress/cancel</c>), kills the run's process tree.
/// Afterwards the outputs are recorded as samples and a runtime error is shown on its line until the next edit.
/// The answer is <see cref="RunResult.ToJson"/> (docs/run.md).
/// </summary>
public sealed class RunNodeCommand : IServerCommand
{
    /// <summary>One runner per server process: it keeps the warm interpreter between runs.</summary>
    private static readonly Lazy<NodeRunner> SharedRunner = new(() => new NodeRunner(RunSettings.Default));

    /// <summary>
    /// Samples are written after the answer is sent (a write costs milliseconds the user need not wait for). The
    /// next run waits for the previous write first, so it always reads what the last run recorded.
    /// </summary>
    private static readonly object RecordingGate = new();
    private static Task _recording = Task.CompletedTask;

    /// <summary>
    /// The registry creates commands once, when the server initializes; starting an interpreter a moment later makes
    /// even the first run warm. (A later pythonPath setting simply starts its own waiting interpreter at the first run.)
    /// Not at once: the interpreter's start (through a pyenv shim, 50-100 ms of CPU) competed with the server's own
    /// start on a two-core machine; 250 ms later it overlaps the first document's analysis instead, and cold start
    /// went from 89 to 75 ms median (20 starts each, 400 ms apart). A run requested before then starts its
    /// interpreter itself, as after a pythonPath change.
    /// </summary>
    public RunNodeCommand()
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(PrewarmDelay).ConfigureAwait(false);
            SharedRunner.Value.Prewarm();
        });
    }

    /// <summary>The samples and history writes of the last run (the history command waits for them, so it lists that run).</summary>
    internal static Task PendingRecording()
    {
        lock (RecordingGate) return _recording;
    }

    private static readonly TimeSpan PrewarmDelay = TimeSpan.FromMilliseconds(250);

    public string Name => "codenode.run";

    public async Task<JToken?> Execute(CommandContext context)
    {
        var server = context.Server;
        var args = context.Arguments.Count > 0 ? context.Arguments[0] as JObject : null;
        if (args == null)
            throw new JsonRpcException(ErrorCodes.InvalidParams, "codenode.run takes one argument: {\"uri\" or \"path\", \"node\"?, \"inputs\"?, \"timeout\"?}.");
        string? uri = Text(args["uri"]), path = Text(args["path"]), node = Text(args["node"]);
        if (uri == null && path == null)
            throw new JsonRpcException(ErrorCodes.InvalidParams, "codenode.run needs \"uri\" or \"path\" of the node's file.");
        if (args["inputs"] is { Type: not JTokenType.Null } given && given is not JObject)
            throw new JsonRpcException(ErrorCodes.InvalidParams, "\"inputs\" must be a JSON object.");
        var caseName = Text(args["case"]);
        double? timeout = args["timeout"] is JValue { Type: JTokenType.Integer or JTokenType.Float } t ? t.Value<double>() : null;

        var settings = server.Workspace.Settings;
        if (settings.Raw["workspaceTrusted"] is JValue { Type: JTokenType.Boolean } trusted && !trusted.Value<bool>())
            return RunResult.Failure("none", node, "Runs are disabled in an untrusted workspace: trust the workspace to run code nodes.").ToJson();

        Task pending;
        lock (RecordingGate) pending = _recording;
        await pending.ConfigureAwait(false);

        var doc = FindDocument(server.Workspace, uri, path, out var readError);
        if (doc == null) return RunResult.Failure("none", node, readError!).ToJson();
        var (target, refusal) = RunDocuments.TargetFor(doc, node, args["inputs"] as JObject, timeout);
        if (target == null) return refusal!.ToJson();
        var (inputs, caseError) = RunDocuments.InputsWithCase(target, caseName, target.Inputs);
        if (caseError != null) return RunResult.Failure(target.Context.Dialect, node, caseError).ToJson();
        target = target with { Inputs = inputs };
        // The open document's snapshot may predate the last run's samples (its refresh is queued); read them now.
        target = target with { Samples = server.Workspace.SamplesFor(target.WorkspaceRoot).Load() };

        var runner = SharedRunner.Value;
        runner.Settings = RunDocuments.SettingsFrom(settings, keepWarm: true);
        var progress = await server.StartProgress(context.WorkDoneToken, context.Cancellation).ConfigureAwait(false);
        // The progress bar's Cancel button (window/workDoneProgress/cancel) stops the run just as cancelling the request does.
        progress.Begin("Running " + (node ?? Path.GetFileName(target.Path)), "Starting", cancellable: true);
        RunResult result;
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation, progress.Cancellation);
            var outcome = await runner.RunAsync(target, new Progress<string>(m => progress.Report(m)), cancel.Token).ConfigureAwait(false);
            var (kept, entry, key) = RunDocuments.HistoryEntry(target, RunDocuments.Planned(server.Workspace, target, outcome), caseName);
            result = kept;
            var workspace = server.Workspace;
            var log = server.Log;
            var root = target.WorkspaceRoot;
            var ran = target;
            lock (RecordingGate)
            {
                // Samples and the history entry are written after the answer, in order, before the next run starts.
                _recording = _recording.ContinueWith(_ =>
                {
                    if (outcome.SampleWrites.Count > 0)
                    {
                        var recorded = RunDocuments.Record(workspace, ran, outcome);
                        if (recorded.RecordError != null) log.LogWarning("The run's samples were not recorded: {Error}", recorded.RecordError);
                    }
                    if (RunHistory.Append(root, key, entry) is { } error) log.LogWarning("The run was not kept in the history: {Error}", error);
                }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            server.SetRuntimeDiagnostics(doc.Uri, RunDocuments.RuntimeDiagnostics(doc.Text, outcome), doc.Version);
        }
        finally
        {
            progress.End();
        }
        return result.ToJson();
    }

    /// <summary>
    /// The node named by a command's argument <c>{"uri" or "path", "node"?}</c>, for the commands around runs (history,
    /// inputs, test cases); throws InvalidParams for a bad argument, returns why the file is no node otherwise.
    /// </summary>
    internal static (RunTarget? Target, string? Error) NodeTarget(CommandContext context, string command)
    {
        var args = context.Arguments.Count > 0 ? context.Arguments[0] as JObject : null;
        string? uri = Text(args?["uri"]), path = Text(args?["path"]), node = Text(args?["node"]);
        if (args == null || (uri == null && path == null))
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"{command} takes one argument: {{\"uri\" or \"path\", \"node\"?}}.");
        var workspace = context.Server.Workspace;
        var doc = FindDocument(workspace, uri, path, out var readError);
        if (doc == null) return (null, readError);
        var (target, refusal) = RunDocuments.TargetFor(doc, node, null, null);
        if (target == null) return (null, refusal!.Error);
        return (target with { Samples = workspace.SamplesFor(target.WorkspaceRoot).Load() }, null);
    }

    /// <summary>The open snapshot when the client has the file open, else the file from disk.</summary>
    private static Document? FindDocument(CodeNodeWorkspace workspace, string? uri, string? path, out string? error)
    {
        error = null;
        if (uri != null && workspace.Documents.Get(uri) is { } open) return open;
        path ??= uri != null ? PathUtil.FromUri(uri) : null;
        if (path == null)
        {
            error = $"Cannot run {uri}: it is not an open document or a file.";
            return null;
        }
        try
        {
            return workspace.LoadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"Cannot read {path}: {e.Message}";
            return null;
        }
    }

    internal static string? Text(JToken? token) => token is JValue { Type: JTokenType.String } v && !string.IsNullOrWhiteSpace(v.Value<string>()) ? v.Value<string>() : null;
}
