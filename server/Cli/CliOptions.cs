// Options shared by several CLI commands (one definition each), and how they change the workspace's settings.
using System.CommandLine;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Cli;

public static class CliOptions
{
    /// <summary><c>--pflow-version current|0.8</c>: the pflow release checks and runs follow (codeNode.pflow.version).</summary>
    public static Option<string?> PflowVersion()
    {
        var option = new Option<string?>("--pflow-version")
        {
            Description = "pflow release to follow: current (default: pflow as it is today) or 0.8 (pflow 0.8.0).",
        };
        option.AcceptOnlyFromAmong("current", "0.8");
        return option;
    }

    /// <summary>Sets the workspace's pflow version when the flag was given; a codenode.json may still set its own.</summary>
    public static void ApplyPflowVersion(CodeNodeWorkspace workspace, string? flag)
    {
        if (AnalysisSettings.ParsePflowVersion(flag) is { } version)
            workspace.Settings = workspace.Settings with { PflowVersion = version };
    }
}
