// `codenode check --format github`: GitHub Actions workflow commands, so each diagnostic is annotated on its line.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Cli;

/// <summary>
/// One <c>::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message</c> line per diagnostic (warnings are
/// <c>::warning</c>, information and hints <c>::notice</c>). Values are escaped as GitHub's own toolkit escapes them
/// (actions/toolkit, packages/core/src/command.ts): in the message '%', CR and LF become %25, %0D and %0A, so a
/// multi-line message stays one command and is shown with its lines; in properties ':' and ',' also become %3A and
/// %2C. Paths are the displayed ones (relative to the folder the check ran in, with '/'), which GitHub resolves
/// against the repository root when the check runs there.
/// </summary>
public static class GitHubReport
{
    public static void Write(IReadOnlyList<CheckCommand.FileResult> results, TextWriter stdout)
    {
        foreach (var r in results)
        {
            foreach (var d in r.Diagnostics)
            {
                var start = r.Document.Text.PositionOf(d.Span.Start);
                var end = r.Document.Text.PositionOf(d.Span.End);
                string file = r.DisplayPath.Replace('\\', '/');
                stdout.Write($"::{Command(d.Severity)} file={EscapeProperty(file)},line={start.Line + 1},col={start.Character + 1},endLine={end.Line + 1},endColumn={end.Character + 1},title={EscapeProperty(d.Code)}::{EscapeData(d.Message)}\n");
            }
        }
    }

    private static string Command(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>The toolkit's <c>escapeData</c>: the message of a command.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>The toolkit's <c>escapeProperty</c>: a property value.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");
}
