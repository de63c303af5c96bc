// The rule table of the voxworks dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>
/// Voxworks Code Step rules (PLATFORMS.md C). Errors are what the platform refuses or fails on; warnings are what
/// its deny-by-default validator may refuse because its docs neither show nor forbid it; information is advice.
/// </summary>
public static class VoxworksRules
{
    private const string D = DialectIds.Voxworks;

    public static readonly RuleInfo RunContract = new("VX001", "run-contract", D, Severity.Error,
        "Code Step must contain exactly one top-level def run():");
    public static readonly RuleInfo TopLevelStatement = new("VX002", "top-level-statement", D, Severity.Error,
        "Only def run(): may stand at the top level; setup belongs inside run().");
    public static readonly RuleInfo RunIndented = new("VX003", "run-indented", D, Severity.Error,
        "def run(): must start at column 0; leading spaces give 'unindent does not match any outer indentation level'.");
    public static readonly RuleInfo RunParameters = new("VX004", "run-parameters", D, Severity.Error,
        "run() takes no arguments (no parameters, decorators, async or type parameters).");
    public static readonly RuleInfo ForbiddenConstruct = new("VX005", "forbidden-construct", D, Severity.Error,
        "Decorators, nested functions, lambdas, classes, imports, global, nonlocal, yield and attribute writes are refused.");
    public static readonly RuleInfo FunctionNotAllowed = new("VX006", "function-not-allowed", D, Severity.Error,
        "Function 'x' is not allowed: only allow-listed built-ins and helpers can be called.");
    public static readonly RuleInfo MethodNotAllowed = new("VX007", "method-not-allowed", D, Severity.Error,
        "Method 'x' is not allowed: only allow-listed methods can be called.");
    public static readonly RuleInfo UnderscoreName = new("VX008", "underscore-name", D, Severity.Error,
        "Names, attributes, keywords and placeholder segments starting with '_' are refused.");
    public static readonly RuleInfo AttributeNotAllowed = new("VX009", "attribute-not-allowed", D, Severity.Error,
        "An attribute read that is not a call of an allow-listed method (x.real, gen.gi_frame, str.format as a value); refused.");
    public static readonly RuleInfo NameNotDefined = new("VX010", "name-not-defined", D, Severity.Error,
        "A name that is neither local to run(), allow-listed nor a Python built-in: name 'x' is not defined at run time.");
    public static readonly RuleInfo InputNotMapped = new("VX011", "input-not-mapped", D, Severity.Error,
        "input_N with no mapped input N on the step: name 'input_N' is not defined.");
    public static readonly RuleInfo AllowedNameRebound = new("VX012", "allowed-name-rebound", D, Severity.Error,
        "Assigning to an allow-listed function's name would let a call reach something else; refused.");
    public static readonly RuleInfo DunderKey = new("VX013", "dunder-key", D, Severity.Error,
        "A '__name__' string used as a key or path reaches Python internals; refused.");
    public static readonly RuleInfo Undocumented = new("VX014", "undocumented-construct", D, Severity.Warning,
        "Not shown in the Voxworks docs (subscripts, while, comprehensions, try, with, attribute reads, ...): the platform's deny-by-default validator may refuse it.");
    public static readonly RuleInfo ReturnNotBool = new("VX015", "return-not-bool", D, Severity.Error,
        "run() must return bool or list/tuple of bools; other values fail closed.");
    public static readonly RuleInfo MissingReturn = new("VX016", "missing-return", D, Severity.Error,
        "A bare return, or a path that reaches the end of run(), returns None: run() must return bool or list/tuple of bools.");
    public static readonly RuleInfo TooDeep = new("VX017", "too-deep", D, Severity.Error,
        "Code nested too deeply for the validator to check is refused.");
    public static readonly RuleInfo ArgumentCount = new("VX018", "argument-count", D, Severity.Warning,
        "An allow-listed function or method called with a number of arguments its signature does not take.");
    public static readonly RuleInfo OutputsVsConditions = new("VX019", "outputs-vs-conditions", D, Severity.Warning,
        "run() returns more booleans than the step has conditions before the final 'otherwise'.");
    public static readonly RuleInfo UnknownVariable = new("VX020", "unknown-variable", D, Severity.Warning,
        "A {{ns.path}} placeholder that the node's manifest variables and samples do not know.");
    public static readonly RuleInfo UnknownCustomVariable = new("VX021", "unknown-custom-variable", D, Severity.Warning,
        "A {{custom.path}} read that nothing known or written in this step provides; it reads nothing until a step writes it.");
    public static readonly RuleInfo MalformedPlaceholder = new("VX022", "malformed-placeholder", D, Severity.Error,
        "A placeholder must be {{ns.path}}: dot-separated names of letters, digits and '_'.");
    public static readonly RuleInfo QuotedPlaceholder = new("VX023", "quoted-placeholder", D, Severity.Information,
        "A placeholder inside quotes stays literal text; it is not replaced by the variable's value.");
    public static readonly RuleInfo CounterMismatch = new("VX024", "counter-placeholder-mismatch", D, Severity.Warning,
        "Counter does not increment: a value read through one placeholder and written through another.");

    public static readonly RuleInfo NonAsciiName = new("VX025", "non-ascii-name", D, Severity.Error,
        "Names with non-ASCII characters are refused: after Python's NFKC normalisation they may spell a refused name.");

    public static readonly RuleInfo BuiltinNotAllowed = new("VX026", "builtin-not-allowed", D, Severity.Error,
        "A Python built-in outside the allow-list (getattr, type, open, ...) or run itself used as a value; refused.");

    public static readonly RuleInfo KeywordNotAllowed = new("VX027", "keyword-not-allowed", D, Severity.Error,
        "A keyword argument the callee's allow-list entry does not name, ** unpacking, or a class pattern keyword (which reads an attribute); refused.");

    public static readonly RuleInfo FormatFieldNotAllowed = new("VX028", "format-field-not-allowed", D, Severity.Error,
        "A format string whose fields read attributes or indexes ({0.x}, {0[x]}) or '_' keys (%(_x)s); refused.");

    public static readonly RuleInfo CallableNotAllowed = new("VX029", "callable-not-allowed", D, Severity.Error,
        "A key= argument that is not an allow-listed function, or a class pattern of a class outside the allow-listed types; refused.");

    /// <summary>
    /// Errors the platform meets only while run() executes (a NameError, a return that is not booleans), not when it
    /// compiles the step. A local run may go ahead with them to show the platform's run error note; every other
    /// error is a refusal by the deny-by-default validator, and nothing runs.
    /// </summary>
    public static IReadOnlySet<string> RunTimeFailures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        NameNotDefined.Code, InputNotMapped.Code, ReturnNotBool.Code, MissingReturn.Code,
    };

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        RunContract, TopLevelStatement, RunIndented, RunParameters, ForbiddenConstruct, FunctionNotAllowed,
        MethodNotAllowed, UnderscoreName, AttributeNotAllowed, NameNotDefined, InputNotMapped, AllowedNameRebound,
        DunderKey, Undocumented, ReturnNotBool, MissingReturn, TooDeep, ArgumentCount, OutputsVsConditions,
        UnknownVariable, UnknownCustomVariable, MalformedPlaceholder, QuotedPlaceholder, CounterMismatch, NonAsciiName, BuiltinNotAllowed,
        KeywordNotAllowed, FormatFieldNotAllowed, CallableNotAllowed,
    ];
}
