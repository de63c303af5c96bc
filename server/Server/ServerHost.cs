// Starts the language server on stdin/stdout with logging to stderr and the client; returns the exit code.
using CodeNodeLsp.Protocol;

namespace CodeNodeLsp.Server;

public static class ServerHost
{
    /// <summary>
    /// Runs the server on the process's standard streams. Console.Out is pointed at stderr first, so a stray
    /// Console.WriteLine anywhere can never corrupt the protocol stream.
    /// </summary>
    public static int RunStdio()
    {
        // Cold start: JIT the JSON reader and find the commands on another core while this thread builds the
        // server, so the first message (initialize) does not pay for them. Purely a warm-up; its result is unused.
        ThreadPool.UnsafeQueueUserWorkItem(_ => WarmUp(), null);
        var stdin = Console.OpenStandardInput();
        var stdout = Console.OpenStandardOutput();
        Console.SetOut(new StderrWriter());
        // Only ending the process stops a read blocked on stdin, so that is how the server exits when the editor is gone.
        return Run(stdin, stdout, new LspLoggerProvider(), terminate: Environment.Exit);
    }

    private static void WarmUp()
    {
        try
        {
            LspJson.Parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":1,\"capabilities\":{\"a\":[true,null,1.5]}}}");
            _ = Commands.CommandRegistry.All;
        }
        catch (Exception e)
        {
            // A warm-up must never take the server down; the real code paths report their own errors.
            Console.Error.WriteLine("codenode: warm-up failed: " + e.Message);
        }
    }

    /// <summary>
    /// Runs the server on any pair of streams; tests pass extra handlers next to the registered ones.
    /// <paramref name="terminate"/> ends the process when the editor's process is gone (see LanguageServer.Terminate).
    /// </summary>
    public static int Run(Stream input, Stream output, LspLoggerProvider logging, IReadOnlyList<Handler>? handlers = null, Action<int>? terminate = null)
    {
        var log = logging.CreateLogger("codenode");
        var connection = new Connection(input, output, log);
        logging.Attach(connection);
        var server = new LanguageServer(connection, log, handlers) { Terminate = terminate };
        // Only a real process (one that can be terminated) stops on signals; in-process tests pass no terminator. The
        // handlers are registered off the main thread (cold start) and live as long as the process.
        if (terminate != null && !OperatingSystem.IsWindows())
            ThreadPool.UnsafeQueueUserWorkItem(_ => HandleTerminateSignals(server), null);
        return server.Run();
    }

    private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> Signals = [];

    /// <summary>SIGTERM and SIGHUP stop the server as the editor's process gone would: runs and installs killed first.</summary>
    private static void HandleTerminateSignals(LanguageServer server)
    {
        foreach (var (signal, name) in new[] { (System.Runtime.InteropServices.PosixSignal.SIGTERM, "SIGTERM"), (System.Runtime.InteropServices.PosixSignal.SIGHUP, "SIGHUP") })
        {
            var registration = System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                ThreadPool.UnsafeQueueUserWorkItem(_ => server.OnTerminateSignal(name), null);
            });
            lock (Signals) Signals.Add(registration);
        }
    }

    /// <summary>
    /// Console.Out in server mode: forwards to stderr, creating the console's error writer only if something is
    /// actually written (most starts write nothing, and building it costs start-up time).
    /// </summary>
    private sealed class StderrWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => Console.Error.Write(value);
        public override void Write(string? value) => Console.Error.Write(value);
        public override void Write(char[] buffer, int index, int count) => Console.Error.Write(buffer, index, count);
        public override void WriteLine(string? value) => Console.Error.WriteLine(value);
        public override void Flush() => Console.Error.Flush();
    }
}
