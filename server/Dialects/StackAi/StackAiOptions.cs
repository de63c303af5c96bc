// The Stack AI behaviours that no source documents, as options a node's manifest entry can set (docs/stackai.md).
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>
/// Where the platform's behaviour is unknown (PLATFORMS.md B, "not found"), the dialect assumes the documented
/// default below and lets the manifest say otherwise, instead of guessing silently:
/// <list type="bullet">
/// <item><c>"args": "upstream"</c> (default): <c>args</c> is a dict keyed by upstream node id, so keys must be
/// upstream ids; <c>"any"</c>: keys are not checked (completion and hover still offer the upstream ids).</item>
/// <item><c>"typescript": "script"</c> (default): a top-level <c>main</c> is enough; <c>"module"</c>: main must
/// also be exported, for a runtime that imports the file as a module.</item>
/// </list>
/// </summary>
public sealed record StackAiOptions(bool CheckArgsKeys, bool RequireExport, IReadOnlyList<Diagnostic> Problems)
{
    public const string ArgsKey = "args";
    public const string TypeScriptKey = "typescript";

    public static StackAiOptions Default { get; } = new(true, false, []);

    /// <summary>Reads the options of a node entry; unknown values are reported (SA043) at <paramref name="anchor"/>.</summary>
    public static StackAiOptions From(NodeContext context, TextSpan anchor)
    {
        // A pragma file has no manifest entry, so nothing is known about its upstream nodes: keys are not checked.
        if (context.NodeId is null) return Default with { CheckArgsKeys = false };
        if (context.Entry is not { } entry) return Default;
        var problems = new List<Diagnostic>();
        bool checkArgs = Choice(entry, ArgsKey, ["upstream", "any"], "upstream", anchor, context.NodeId, problems) == "upstream";
        bool requireExport = Choice(entry, TypeScriptKey, ["script", "module"], "script", anchor, context.NodeId, problems) == "module";
        return new StackAiOptions(checkArgs, requireExport, problems);
    }

    private static string Choice(JObject entry, string key, string[] allowed, string fallback, TextSpan anchor, string? nodeId, List<Diagnostic> problems)
    {
        if (entry[key] is not { } token || token.Type == JTokenType.Null) return fallback;
        if (token.Type == JTokenType.String && allowed.Contains((string)token!)) return (string)token!;
        problems.Add(Diagnostic.Of(StackAiRules.BadOption, anchor,
            $"codenode.json: \"{key}\" of node \"{nodeId}\" must be {string.Join(" or ", allowed.Select(a => $"\"{a}\""))}, not {token.ToString(Newtonsoft.Json.Formatting.None)}; using \"{fallback}\"."));
        return fallback;
    }
}
