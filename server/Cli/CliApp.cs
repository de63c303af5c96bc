// The command-line front end: lsp, check and --version here, parse and run added by their own files (see CliCommands).
using System.CommandLine;

namespace CodeNodeLsp.Cli;

public static class CliApp
{
    public static int Run(string[] args)
    {
        // Fast paths before building the command tree: the editor starts `codenode lsp` / `codenode --stdio` and
        // every millisecond of cold start shows; System.CommandLine's parser costs tens of milliseconds to JIT.
        if (IsServerStart(args)) return Server.ServerHost.RunStdio();
        if (args is ["--version"])
        {
            Console.Out.WriteLine(Version);
            return 0;
        }
        return RunParsed(args);
    }

    /// <summary>
    /// <c>codenode lsp</c> or <c>codenode --stdio</c>, with the flags editors append (<c>--stdio</c>,
    /// <c>--clientProcessId=N</c>) tolerated.
    /// </summary>
    public static bool IsServerStart(string[] args) =>
        args.Length > 0 && args[0] is "lsp" or "--stdio"
        && args.Skip(1).All(a => a == "--stdio" || a.StartsWith("--clientProcessId", StringComparison.Ordinal));

    public static string Version => Server.LanguageServer.ServerVersion;

    private static int RunParsed(string[] args)
    {
        var root = new RootCommand("codenode: checks, completion and local runs for workflow code nodes (pflow, Stack AI, Voxworks).");
        foreach (var command in CliCommands.All()) root.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine("codenode: " + error.Message);
            Console.Error.WriteLine("Run 'codenode --help' for usage.");
            return ExitCodes.Usage;
        }
        if (parsed.CommandResult.Command == root && !args.Any(a => a is "-h" or "--help" or "-?" or "--version"))
        {
            Console.Error.WriteLine("codenode: no command given. Commands: " + string.Join(", ", root.Subcommands.Select(c => c.Name)) + ". Run 'codenode --help' for usage.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }
}

/// <summary>Exit codes shared by every command: 0 fine, 1 problems found (or the run failed), 2 bad usage or unreadable input.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int Usage = 2;
}
