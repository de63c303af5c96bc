// The rule table of the voxworks dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Voxworks;

public static class VoxworksRules
{
    public static IReadOnlyList<RuleInfo> All { get; } = [];
}
