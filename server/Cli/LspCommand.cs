// `codenode lsp [--stdio]`: the language server on stdin/stdout (the usual start takes the fast path in CliApp).
using System.CommandLine;

namespace CodeNodeLsp.Cli;

public static class LspCommand
{
    public static Command Create()
    {
        var command = new Command("lsp", "Run the language server on stdin/stdout (LSP 3.17).");
        command.Add(new Option<bool>("--stdio") { Description = "Use stdin/stdout (the default and only transport)." });
        command.SetAction(_ => Server.ServerHost.RunStdio());
        return command;
    }
}
