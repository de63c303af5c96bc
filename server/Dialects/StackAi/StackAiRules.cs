// The rule table of the stackai dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.StackAi;

public static class StackAiRules
{
    public static IReadOnlyList<RuleInfo> All { get; } = [];
}
