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
        // Windows writes redirected output in the ANSI code page; reports (SARIF, JUnit, JSON) are UTF-8 everywhere.
        if (OperatingSystem.IsWindows() && Console.IsOutputRedirected) Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        var parsed = root.Parse(args);
        // An unknown option is a mistake even where the parser would accept it as a path (a file named "-x" is "./-x").
        bool unknownOption = parsed.CommandResult.Command != root && UnknownOption(parsed.CommandResult.Command, args.Skip(1).ToList()) != null;
        if (parsed.Errors.Count > 0 || unknownOption || (parsed.CommandResult.Command == root && !args.Any(a => a is "-h" or "--help" or "-?" or "--version")))
        {
            foreach (var line in UsageErrors(root, args, parsed.Errors.Select(e => e.Message))) Console.Error.WriteLine(line);
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }

    private static readonly string[] HelpAliases = ["-h", "--help", "-?", "/?", "/h"];

    /// <summary>
    /// The lines printed for a command line that does not parse. The first line names the actual mistake (no command,
    /// an unknown command, an unknown option of a command), which System.CommandLine's own first error often does not
    /// ("Required command was not provided" for an unknown command, or an unknown option taken as the file argument
    /// and the file then reported as unrecognised); its messages follow, each on one line, then where to find help.
    /// </summary>
    public static IReadOnlyList<string> UsageErrors(RootCommand root, IReadOnlyList<string> args, IEnumerable<string> parserErrors)
    {
        var lines = new List<string>();
        string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        string help = "Run 'codenode --help' for usage.";
        if (args.Count == 0)
        {
            lines.Add($"codenode: no command given. Commands: {commands}.");
        }
        else if (root.Subcommands.FirstOrDefault(c => c.Name == args[0]) is not { } command)
        {
            lines.Add(args[0].StartsWith('-')
                ? $"codenode: unknown option '{args[0]}'. Commands: {commands}."
                : $"codenode: unknown command '{args[0]}'. Commands: {commands}.");
        }
        else
        {
            help = $"Run 'codenode {command.Name} --help' for usage.";
            if (UnknownOption(command, args.Skip(1).ToList()) is { } unknown) lines.Add($"codenode {command.Name}: unknown option '{unknown}'.");
            foreach (var error in parserErrors)
            {
                string line = $"codenode {command.Name}: {CheckCommand.FoldLines(error)}";
                // The parser's complaint about the token after an unknown option repeats the same mistake less clearly.
                if (lines.Count == 0 || !error.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)) lines.Add(line);
            }
        }
        lines.Add(help);
        return lines;
    }

    /// <summary>
    /// The first token that looks like an option (<c>-x</c>, <c>--name</c>, <c>--name=value</c>) but is not one of the
    /// command's options; the value after an option that takes one is skipped, and so is everything after <c>--</c>.
    /// </summary>
    public static string? UnknownOption(Command command, IReadOnlyList<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token == "--") return null;
            if (token.Length < 2 || token[0] != '-' || char.IsAsciiDigit(token[1]) || token[1] == '.') continue;
            int eq = token.IndexOfAny(['=', ':']);
            string name = eq > 0 ? token[..eq] : token;
            if (HelpAliases.Contains(name)) continue;
            var option = command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option == null) return name;
            if (eq < 0 && option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool)) i++;
        }
        return null;
    }
}

/// <summary>Exit codes shared by every command: 0 fine, 1 problems found (or the run failed), 2 bad usage or unreadable input.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int Usage = 2;
}
