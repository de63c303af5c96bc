// The rule table of the stackai dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>
/// Stack AI Code Node rules (PLATFORMS.md part B): the <c>main(args)</c> contract, JSON output, upstream ids in
/// <c>args</c>, and imports versus the node's declared dependencies. Python and TypeScript share every code.
/// </summary>
public static class StackAiRules
{
    public static readonly RuleInfo MissingMain = new("SA001", "missing-main", DialectIds.StackAi, Severity.Error,
        "The code defines no top-level main(args); the platform calls main and uses what it returns as the node output.");

    public static readonly RuleInfo NestedMain = new("SA002", "nested-main", DialectIds.StackAi, Severity.Error,
        "main is defined inside another function or class, where the platform cannot find it; define it at the top level.");

    public static readonly RuleInfo MisnamedMain = new("SA003", "misnamed-main", DialectIds.StackAi, Severity.Error,
        "A top-level function is named like main (Main, mian, main_) but not main, and no main exists.");

    public static readonly RuleInfo MainSignature = new("SA004", "main-signature", DialectIds.StackAi, Severity.Error,
        "main must take exactly one required parameter (args); other parameters need defaults, and *args/**kwargs/rest parameters do not receive args as a dict.");

    public static readonly RuleInfo DuplicateMain = new("SA005", "duplicate-main", DialectIds.StackAi, Severity.Error,
        "main is defined more than once at the top level; only the last definition is used (TypeScript refuses duplicates).");

    public static readonly RuleInfo AsyncMain = new("SA006", "async-main", DialectIds.StackAi, Severity.Warning,
        "Python: an async def main returns a coroutine, which is not JSON unless the platform awaits it; nothing documents that it does.");

    public static readonly RuleInfo MainNotExported = new("SA007", "main-not-exported", DialectIds.StackAi, Severity.Error,
        "TypeScript with \"typescript\": \"module\" in the manifest: main must be exported (export function main, export default, or module.exports).");

    public static readonly RuleInfo ArgsAnnotation = new("SA008", "args-annotation", DialectIds.StackAi, Severity.Warning,
        "The type annotation of args says it is not an object, but args maps upstream node ids to their outputs.");

    public static readonly RuleInfo MissingReturn = new("SA010", "missing-return", DialectIds.StackAi, Severity.Error,
        "A path through main reaches its end without return; main then returns None/undefined, not the JSON object the platform needs.");

    public static readonly RuleInfo NonJsonReturn = new("SA011", "non-json-return", DialectIds.StackAi, Severity.Error,
        "main returns a value that is not JSON: a set, bytes, a function, a generator, an instance of a class from this code, NaN/Infinity, a Map, a BigInt.");

    public static readonly RuleInfo StringReturn = new("SA012", "string-return", DialectIds.StackAi, Severity.Warning,
        "main returns a plain string that is not json.dumps(...) / JSON.stringify(...); downstream nodes get text, not a JSON object.");

    public static readonly RuleInfo NoneReturn = new("SA013", "none-return", DialectIds.StackAi, Severity.Error,
        "main returns None/null/undefined explicitly (a bare return included); the node output must be a JSON object.");

    public static readonly RuleInfo ImportTimeWork = new("SA020", "import-time-work", DialectIds.StackAi, Severity.Hint,
        "Python statements outside main run when the code is loaded, on every run and before main; keep work inside main.");

    public static readonly RuleInfo UnknownUpstream = new("SA030", "unknown-upstream", DialectIds.StackAi, Severity.Error,
        "args is read with a key that is not the id of an upstream node of this node in codenode.json.");

    public static readonly RuleInfo UndeclaredDependency = new("SA040", "undeclared-dependency", DialectIds.StackAi, Severity.Warning,
        "An import that is neither the standard library (Python) / a Node built-in (TypeScript) nor in the node's dependencies; the sandbox will not have it.");

    public static readonly RuleInfo UnusedDependency = new("SA041", "unused-dependency", DialectIds.StackAi, Severity.Hint,
        "A dependency in codenode.json that nothing in the code imports; installing it slows every run.");

    public static readonly RuleInfo BadDependency = new("SA042", "bad-dependency", DialectIds.StackAi, Severity.Warning,
        "A dependency in codenode.json that is not a package name with an optional version specifier (requests==2.31.0, lodash@4.17.21).");

    public static readonly RuleInfo BadOption = new("SA043", "bad-option", DialectIds.StackAi, Severity.Warning,
        "A Stack AI option in codenode.json (\"args\", \"typescript\") has a value the dialect does not know; its default is used.");

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        MissingMain, NestedMain, MisnamedMain, MainSignature, DuplicateMain, AsyncMain, MainNotExported, ArgsAnnotation,
        MissingReturn, NonJsonReturn, StringReturn, NoneReturn, ImportTimeWork, UnknownUpstream, UndeclaredDependency,
        UnusedDependency, BadDependency, BadOption,
    ];
}
