// The command-line front end: lsp, check, parse and run share one engine (being built under the foundation issue).
namespace CodeNodeLsp.Cli;

public static class CliApp
{
    public static int Run(string[] args)
    {
        if (args.Length == 1 && args[0] == "--version")
        {
            Console.Out.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            return 0;
        }
        Console.Error.WriteLine("codenode: usage: codenode (lsp|check|parse|run) ...");
        return 2;
    }
}
