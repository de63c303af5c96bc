// The one place that lists every rule: each rule family keeps its own table and this catalog joins them.
namespace CodeNodeLsp.Analysis;

/// <summary>All rules of all dialects. Tests check that codes are unique and every code used is listed here.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        .. CommonRules.All,
        .. ManifestRules.All,
        .. Dialects.Pflow.PflowRules.All,
        .. Dialects.StackAi.StackAiRules.All,
        .. Dialects.Voxworks.VoxworksRules.All,
        .. RuntimeRules.All,
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, RuleInfo>> ByCodeLazy = new(() =>
        All!.ToDictionary(r => r.Code, StringComparer.Ordinal));

    public static RuleInfo? Find(string code) => ByCodeLazy.Value.TryGetValue(code, out var r) ? r : null;
}
