// The codenode.json manifest: which files are code nodes, their dialect, and their context (read by ManifestReader).
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Workspace;

/// <summary>One node entry of a manifest, already mapped to the analysis context.</summary>
public sealed record ManifestNode(string Id, TextSpan IdSpan, string FilePath, NodeContext Context);

/// <summary>
/// A parsed manifest. Nodes with errors (unknown dialect, missing file) are left out of <see cref="Nodes"/> and
/// reported in <see cref="Diagnostics"/>, which are published on the manifest itself.
/// </summary>
public sealed class Manifest
{
    public const string FileName = "codenode.json";

    public required string Path { get; init; }
    public required string Directory { get; init; }
    public required IReadOnlyList<ManifestNode> Nodes { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    /// <summary>The "rules" object: rules off or re-rated for every file in this folder and below.</summary>
    public RuleConfig Rules { get; init; } = RuleConfig.Empty;
    /// <summary><c>"pflow": {"version": "0.8"}</c>: the pflow release for workflows in this folder and below, when set.</summary>
    public PflowVersion? PflowVersion { get; init; }

    /// <summary>The node whose file is <paramref name="fullPath"/> (an absolute, normalised path), or null.</summary>
    public ManifestNode? FindByFile(string fullPath)
    {
        foreach (var node in Nodes)
            if (PathUtil.SamePath(node.FilePath, fullPath)) return node;
        return null;
    }
}
