// `codenode check --format sarif`: the diagnostics as a SARIF 2.1.0 log, with every rule's metadata and help link.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Cli;

/// <summary>
/// Writes one SARIF run: the tool with the whole rule catalogue (so code scanning can show any rule's help), one
/// result per diagnostic with its full message, and locations relative to the folder the check ran in
/// (<c>%SRCROOT%</c>), which is how GitHub code scanning expects paths in a repository. Columns count UTF-16 code
/// units, as LSP and the json format do, and SARIF's <c>columnKind</c> says so.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    private const string SourceRoot = "%SRCROOT%";

    public static void Write(IReadOnlyList<CheckCommand.FileResult> results, string rootFolder, bool executionSuccessful, TextWriter stdout)
    {
        var rules = RuleCatalog.All;
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++) ruleIndex[rules[i].Code] = i;

        var sarifResults = new JArray();
        foreach (var r in results)
        {
            foreach (var d in r.Diagnostics)
            {
                var start = r.Document.Text.PositionOf(d.Span.Start);
                var end = r.Document.Text.PositionOf(d.Span.End);
                var result = new JObject
                {
                    ["ruleId"] = d.Code,
                    ["level"] = Level(d.Severity),
                    ["message"] = new JObject { ["text"] = d.Message },
                    ["locations"] = new JArray(new JObject
                    {
                        ["physicalLocation"] = new JObject
                        {
                            ["artifactLocation"] = ArtifactLocation(r.DisplayPath),
                            ["region"] = new JObject
                            {
                                ["startLine"] = start.Line + 1,
                                ["startColumn"] = start.Character + 1,
                                ["endLine"] = end.Line + 1,
                                ["endColumn"] = end.Character + 1,
                            },
                        },
                    }),
                };
                // A code missing from the catalogue (a test forbids it) still yields a valid result, without an index.
                if (ruleIndex.TryGetValue(d.Code, out int index)) result["ruleIndex"] = index;
                sarifResults.Add(result);
            }
        }

        var log = new JObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JArray(new JObject
            {
                ["tool"] = new JObject
                {
                    ["driver"] = new JObject
                    {
                        ["name"] = "codenode",
                        ["version"] = CliApp.Version,
                        ["semanticVersion"] = CliApp.Version,
                        ["informationUri"] = RuleDocs.RepositoryUrl,
                        ["rules"] = new JArray(rules.Select(Rule)),
                    },
                },
                ["invocations"] = new JArray(new JObject { ["executionSuccessful"] = executionSuccessful }),
                ["originalUriBaseIds"] = new JObject
                {
                    [SourceRoot] = new JObject { ["uri"] = FolderUri(rootFolder) },
                },
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = sarifResults,
            }),
        };
        stdout.WriteLine(log.ToString(Formatting.Indented));
    }

    /// <summary>A rule's reportingDescriptor: id, name, descriptions, help link and text, default level, dialect.</summary>
    private static JObject Rule(RuleInfo rule) => new()
    {
        ["id"] = rule.Code,
        ["name"] = rule.Name,
        ["shortDescription"] = new JObject { ["text"] = rule.Name },
        ["fullDescription"] = new JObject { ["text"] = rule.Summary },
        ["helpUri"] = RuleDocs.Url(rule),
        ["help"] = new JObject { ["text"] = $"{rule.Summary} See {RuleDocs.Url(rule)}" },
        ["defaultConfiguration"] = new JObject { ["level"] = Level(rule.Severity) },
        ["properties"] = new JObject { ["dialect"] = rule.Dialect, ["tags"] = new JArray(rule.Dialect) },
    };

    /// <summary>SARIF has error, warning and note; LSP's information and hint are notes.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>
    /// A path under the check's folder becomes a relative URI against <c>%SRCROOT%</c>; a path outside it (shown
    /// absolute) becomes a <c>file:</c> URI of its own.
    /// </summary>
    private static JObject ArtifactLocation(string displayPath)
    {
        if (Path.IsPathFullyQualified(displayPath)) return new JObject { ["uri"] = new Uri(displayPath).AbsoluteUri };
        return new JObject { ["uri"] = RelativeUri(displayPath), ["uriBaseId"] = SourceRoot };
    }

    /// <summary>Each segment of a relative '/'-separated path percent-encoded (spaces, '#', '%' and the like).</summary>
    public static string RelativeUri(string relativePath) =>
        string.Join('/', relativePath.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    /// <summary>The folder as a <c>file:</c> URI ending in '/', as SARIF requires of a base URI.</summary>
    private static string FolderUri(string folder)
    {
        string uri = new Uri(Path.GetFullPath(folder)).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }
}
