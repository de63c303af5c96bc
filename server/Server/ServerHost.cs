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
        var stdin = Console.OpenStandardInput();
        var stdout = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        return Run(stdin, stdout, new LspLoggerProvider());
    }

    /// <summary>Runs the server on any pair of streams; tests pass extra handlers next to the registered ones.</summary>
    public static int Run(Stream input, Stream output, LspLoggerProvider logging, IReadOnlyList<Handler>? handlers = null)
    {
        var log = logging.CreateLogger("codenode");
        var connection = new Connection(input, output, log);
        logging.Attach(connection);
        var server = new LanguageServer(connection, log, handlers);
        return server.Run();
    }
}
