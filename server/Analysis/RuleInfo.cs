// A rule's catalog entry: its stable code, name, dialect, default severity and documentation.
namespace CodeNodeLsp.Analysis;

/// <summary>
/// Describes one rule. Codes are stable forever: CN = common (syntax, names, imports), MF = manifest and pragma,
/// PF = pflow, SA = Stack AI, VX = Voxworks, RT = runtime errors from a local run.
/// </summary>
public sealed record RuleInfo(string Code, string Name, string Dialect, Severity Severity, string Summary);
