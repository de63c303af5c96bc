// The one list of CLI commands: each command lives in its own file with a static Create(); add it here in one line.
using System.CommandLine;

namespace CodeNodeLsp.Cli;

public static class CliCommands
{
    public static IEnumerable<Command> All() =>
    [
        LspCommand.Create(),
        CheckCommand.Create(),
        ParseCommand.Create(),
        RunCommand.Create(),
        RuleCommands.Rules(),
        RuleCommands.Explain(),
        CacheCommand.Create(),
    ];
}
