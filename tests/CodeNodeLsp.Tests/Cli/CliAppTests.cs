// The CLI's fast path: which argument lists start the server without building the command tree.
using CodeNodeLsp.Cli;

namespace CodeNodeLsp.Tests.Cli;

public class CliAppTests
{
    [Theory]
    [InlineData(true, "lsp")]
    [InlineData(true, "--stdio")]
    [InlineData(true, "lsp", "--stdio")]
    [InlineData(true, "lsp", "--stdio", "--clientProcessId=42")]
    [InlineData(false, "check", "lsp")]
    [InlineData(false, "lsp", "extra")]
    [InlineData(false)]
    public void IsServerStart_AcceptsWhatEditorsSend(bool expected, params string[] args) =>
        Assert.Equal(expected, CliApp.IsServerStart(args));
}
