// What the server knows about a code node from outside its own file: its manifest entry or pragma, and samples.
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Analysis;

/// <summary>The dialects the server knows. The string ids are what manifests and pragmas spell.</summary>
public static class DialectIds
{
    public const string Pflow = "pflow";
    public const string StackAi = "stackai";
    public const string Voxworks = "voxworks";
    public static readonly IReadOnlyList<string> All = [Pflow, StackAi, Voxworks];
}

/// <summary>Source language of a node file, from its extension (a <c>.pflow.md</c> workflow is Markdown).</summary>
public enum NodeLanguage { Python, TypeScript, Markdown }

/// <summary>
/// A node's context from its <c>codenode.json</c> entry (or an empty one for a pragma file). JSON values are
/// Newtonsoft <see cref="JToken"/>s: the manifest and the samples file are JSON, and pflow's YAML values are
/// converted to the same model so every dialect has one value type.
/// </summary>
public sealed record NodeContext
{
    public required string Dialect { get; init; }
    public NodeLanguage Language { get; init; } = NodeLanguage.Python;
    /// <summary>The manifest key of the node; null when the file is a code node through its pragma only.</summary>
    public string? NodeId { get; init; }
    public string? ManifestPath { get; init; }
    /// <summary>
    /// The manifest's text as it was read, so a fix can edit the manifest (<see cref="Fix.Path"/>) with offsets that
    /// the server can map back; null when there is no manifest.
    /// </summary>
    public string? ManifestText { get; init; }
    /// <summary>
    /// The node's own manifest object as written (read-only), so a dialect can read its own optional keys
    /// (for example Stack AI's <c>argsKeys</c>) without the manifest reader knowing every dialect's options.
    /// </summary>
    public JObject? Entry { get; init; }
    /// <summary>Where the pragma stands in the file, when the file has one.</summary>
    public TextSpan? PragmaSpan { get; init; }

    /// <summary>Stack AI: upstream node ids feeding <c>args</c>, each with its sample value (null when unknown).</summary>
    public IReadOnlyDictionary<string, JToken?> Upstream { get; init; } = Empty;
    /// <summary>Stack AI: packages installed before the run, as written (<c>requests==2.31.0</c>).</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];
    /// <summary>Seconds; null means the dialect's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Voxworks: known variables by dotted path (<c>contact.email</c>, <c>custom.counter</c>) with samples.</summary>
    public IReadOnlyDictionary<string, JToken?> Variables { get; init; } = Empty;
    /// <summary>Voxworks: mapped inputs by name (<c>input_1</c>, ...) with samples.</summary>
    public IReadOnlyDictionary<string, JToken?> Inputs { get; init; } = Empty;
    /// <summary>Voxworks: the step's conditions by index; the last should be "otherwise".</summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    private static readonly IReadOnlyDictionary<string, JToken?> Empty = new Dictionary<string, JToken?>();

    public static NodeContext ForDialect(string dialect, NodeLanguage language = NodeLanguage.Python) =>
        new() { Dialect = dialect, Language = language };
}

/// <summary>
/// The pflow release whose behaviour the checks and runs follow (<c>codeNode.pflow.version</c>, docs/pflow.md).
/// <see cref="Current"/> is pflow as it is today (0.16, with routing, <c>??</c>, cache, loops, agent nodes);
/// <see cref="V0_8"/> is pflow 0.8.0, the version the v-doc facts (PLATFORMS.md part A) describe, kept exactly.
/// </summary>
public enum PflowVersion { Current, V0_8 }

/// <summary>Settings that change what analysis reports (from <c>workspace/configuration</c> or CLI flags).</summary>
public sealed record AnalysisSettings
{
    /// <summary>pflow: the release the checks follow; <c>current</c> unless a setting, manifest or flag says <c>0.8</c>.</summary>
    public PflowVersion PflowVersion { get; init; } = PflowVersion.Current;

    /// <summary>
    /// pflow: true for every release after 0.8 (Optional, Any, next, ??...). Kept as the old setting's spelling
    /// (<c>laterBehaviours</c>): setting it picks <see cref="PflowVersion.Current"/> or <see cref="PflowVersion.V0_8"/>.
    /// </summary>
    public bool PflowLater
    {
        get => PflowVersion != PflowVersion.V0_8;
        init => PflowVersion = value ? PflowVersion.Current : PflowVersion.V0_8;
    }

    public static AnalysisSettings Default { get; } = new();

    /// <summary>Reads a version as written in settings, manifests and flags (<c>current</c>, <c>0.8</c>); null when unknown.</summary>
    public static PflowVersion? ParsePflowVersion(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "current" or "latest" or "0.16" => PflowVersion.Current,
        "0.8" or "0.8.0" => PflowVersion.V0_8,
        _ => null,
    };

    /// <summary>How a version is written in settings and messages.</summary>
    public static string PflowVersionName(PflowVersion version) => version == PflowVersion.V0_8 ? "0.8" : "current";
}

/// <summary>Everything one analysis reads. Immutable; the analysis does no IO.</summary>
public sealed record AnalysisRequest
{
    /// <summary>File-system path of the document (absolute where known); used for messages and sample keys.</summary>
    public required string Path { get; init; }
    public required SourceText Text { get; init; }
    public required NodeContext Context { get; init; }
    public SampleSet Samples { get; init; } = SampleSet.Empty;
    public AnalysisSettings Settings { get; init; } = AnalysisSettings.Default;
    /// <summary>The workspace folder that holds the document, when known.</summary>
    public string? WorkspaceRoot { get; init; }
}
