// The rule table of the pflow dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Pflow;

public static class PflowRules
{
    public static IReadOnlyList<RuleInfo> All { get; } = [];
}
