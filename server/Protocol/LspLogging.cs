// A Microsoft.Extensions.Logging provider that writes to stderr and, once connected, to the client's window/logMessage.
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol;

/// <summary>
/// Logs never go to stdout (that is the protocol channel). Every entry goes to stderr; entries at or above
/// <see cref="ClientLevel"/> also go to the client as <c>window/logMessage</c> once <see cref="Attach"/> is called.
/// </summary>
public sealed class LspLoggerProvider : ILoggerProvider
{
    [ThreadStatic] private static bool _inside;
    private Connection? _connection;

    public LspLoggerProvider(LogLevel stderrLevel = LogLevel.Information, LogLevel clientLevel = LogLevel.Information)
    {
        StderrLevel = stderrLevel;
        ClientLevel = clientLevel;
    }

    public LogLevel StderrLevel { get; set; }
    public LogLevel ClientLevel { get; set; }
    /// <summary>
    /// Where stderr lines go (null: <c>Console.Error</c>, looked up only when something is logged, so a start that
    /// logs nothing never builds the console writer); tests set <c>TextWriter.Null</c> to keep their output quiet.
    /// </summary>
    public TextWriter? Stderr { get; set; }

    public void Attach(Connection connection) => _connection = connection;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        // A failure inside the connection may log; the guard keeps that from looping back into the connection.
        if (_inside) return;
        _inside = true;
        try
        {
            string text = exception is null ? message : message + Environment.NewLine + exception;
            if (level >= StderrLevel)
            {
                try { (Stderr ?? Console.Error).WriteLine($"[{Short(level)} {category}] {text}"); } catch (IOException) { }
            }
            var connection = _connection;
            if (connection is not null && level >= ClientLevel && level != LogLevel.None)
            {
                connection.Notify("window/logMessage", new JObject { ["type"] = MessageType(level), ["message"] = text });
            }
        }
        finally
        {
            _inside = false;
        }
    }

    /// <summary>LSP's MessageType: 1 error, 2 warning, 3 info, 4 log, 5 debug.</summary>
    private static int MessageType(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => 1,
        LogLevel.Warning => 2,
        LogLevel.Information => 3,
        LogLevel.Debug => 4,
        _ => 5,
    };

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit",
        LogLevel.Error => "error",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        LogLevel.Debug => "debug",
        _ => "trace",
    };

    private sealed class Logger(LspLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && (logLevel >= owner.StderrLevel || (owner._connection is not null && logLevel >= owner.ClientLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
