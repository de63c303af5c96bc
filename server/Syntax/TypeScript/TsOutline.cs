// The shallow outline of a TS/JS file: imports, top-level functions with parameters, returns and what they return.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.TypeScript;

public enum TsImportKind { Import, ExportFrom, Require, DynamicImport, ImportEquals }

/// <summary>A module a file loads. ModuleSpan covers the string literal with its quotes.</summary>
public sealed record TsImport(string Module, TextSpan ModuleSpan, TsImportKind Kind, bool IsTypeOnly);

/// <summary>A property key as written: an identifier or the inside of a string literal (quotes excluded).</summary>
public sealed record TsPropertyKey(string Key, TextSpan Span);

public sealed record TsParameter(
    string Name,
    TextSpan Span,
    TextSpan NameSpan,
    string? Annotation,
    TextSpan? AnnotationSpan,
    bool IsOptional,
    bool HasDefault,
    bool IsRest,
    IReadOnlyList<TsPropertyKey> Destructured)
{
    /// <summary>True when a caller must pass it: not optional, no default, not a rest parameter.</summary>
    public bool IsRequired => !IsOptional && !HasDefault && !IsRest;
    /// <summary>True for a destructuring pattern (<c>{ a, b }</c> or <c>[a, b]</c>); Name is then the pattern's text.</summary>
    public bool IsPattern { get; init; }
}

/// <summary>What an expression evidently is, from its first tokens. Other means "nothing the outline can tell".</summary>
public enum TsValueKind
{
    Other,
    Undefined,
    Null,
    Object,
    Array,
    /// <summary><c>JSON.stringify(...)</c>.</summary>
    JsonString,
    /// <summary>A string literal or template literal.</summary>
    String,
    Set,
    Map,
    /// <summary>A function, arrow function, class or method.</summary>
    Function,
    BigInt,
    /// <summary><c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
    NonFinite,
    RegExp,
    /// <summary>A bare name; the caller resolves it (a local, a top-level function, ...).</summary>
    Identifier,
    /// <summary>A call of a bare name, <c>helper(...)</c>; the caller may follow the function's declared return type.</summary>
    Call,
}

/// <summary>
/// A classified expression. For objects and arrays, Inner holds each property value or element (Key is the
/// property name), so a caller can find a Set or a function nested in a returned object.
/// </summary>
public sealed record TsValue(TsValueKind Kind, TextSpan Span, string? Name = null, string? Key = null)
{
    public IReadOnlyList<TsValue> Inner { get; init; } = [];
}

/// <summary>A <c>return</c> of a function's own body; Value is null for a bare <c>return</c>.</summary>
public sealed record TsReturn(TextSpan KeywordSpan, TsValue? Value);

/// <summary><c>const name = value</c> (first declarator only), with the value classified.</summary>
public sealed record TsLocal(string Name, TextSpan NameSpan, TsValue? Value);

public sealed record TsNamedSpan(string Name, TextSpan Span);

public enum TsReadForm { Dot, Bracket, Destructure }

/// <summary>A property read of a named object: <c>o.key</c>, <c>o["key"]</c> or <c>const { key } = o</c>.</summary>
public sealed record TsPropertyRead(string Key, TextSpan KeySpan, TsReadForm Form);

/// <summary>A function declared at the top level: <c>function f</c>, <c>const f = (…) =&gt; …</c>, exported or not.</summary>
public sealed class TsFunction
{
    public required string Name { get; init; }
    /// <summary>The name as written; for <c>export default function (…)</c> an empty span at the keyword.</summary>
    public required TextSpan NameSpan { get; init; }
    /// <summary>From the first keyword (<c>export</c>, <c>async</c>, <c>function</c>, <c>const</c>) to the end of the body.</summary>
    public required TextSpan Span { get; init; }
    public bool IsAsync { get; init; }
    public bool IsGenerator { get; init; }
    public bool IsArrow { get; init; }
    public bool IsExported { get; set; }
    public bool IsDefaultExport { get; init; }
    public required IReadOnlyList<TsParameter> Parameters { get; init; }
    /// <summary>The parameter list with its parentheses (or the single bare parameter of <c>x =&gt; …</c>).</summary>
    public required TextSpan ParametersSpan { get; init; }
    public string? ReturnType { get; init; }
    /// <summary>The body: a block with its braces, or the expression of an expression-bodied arrow.</summary>
    public required TextSpan BodySpan { get; init; }
    public bool IsExpressionBody { get; init; }
    public required IReadOnlyList<TsReturn> Returns { get; init; }
    public required IReadOnlyList<TsLocal> Locals { get; init; }
    /// <summary>True when some path reaches the end of a block body without <c>return</c> or <c>throw</c>.</summary>
    public bool CanFallOffEnd { get; init; }
}

/// <summary>The outline of one file: what the Stack AI checks need, and nothing a full TS parser would add.</summary>
public sealed class TsOutline
{
    /// <summary>Significant tokens (no comments), ending with the end-of-file token.</summary>
    public required IReadOnlyList<TsToken> Tokens { get; init; }
    public required IReadOnlyList<TsToken> Comments { get; init; }
    public required IReadOnlyList<TsSyntaxError> Errors { get; init; }
    public required IReadOnlyList<TsImport> Imports { get; init; }
    public required IReadOnlyList<TsFunction> Functions { get; init; }
    /// <summary>Named functions declared inside other functions or blocks (for "main is nested" messages).</summary>
    public required IReadOnlyList<TsNamedSpan> NestedFunctions { get; init; }
    public required IReadOnlyList<TsNamedSpan> Classes { get; init; }
    /// <summary>Top-level <c>const/let/var</c> declarations that are not functions.</summary>
    public required IReadOnlyList<TsLocal> Variables { get; init; }
    /// <summary>Names exported by <c>export { a }</c>, <c>export default a</c>, <c>module.exports = { a }</c> and the like.</summary>
    public required IReadOnlyCollection<string> ExportedNames { get; init; }
    /// <summary>True when the file uses ES module syntax (<c>import</c>/<c>export</c> statements).</summary>
    public bool IsModule { get; init; }
    internal TsOutlineParser Parser { get; init; } = null!;

    /// <summary>The same tokens as <see cref="Tokens"/>, as the array the syntax checker reads without copying.</summary>
    internal TsToken[] SignificantTokens => (TsToken[])Tokens;

    /// <summary>The reads of properties of <paramref name="objectName"/> inside <paramref name="within"/>.</summary>
    public IReadOnlyList<TsPropertyRead> PropertyReads(string objectName, TextSpan within) => Parser.PropertyReads(objectName, within);

    /// <summary>The significant token covering or ending at <paramref name="offset"/>, or null.</summary>
    public TsToken? TokenAt(int offset)
    {
        int i = Parser.IndexAt(offset);
        return i >= 0 ? Tokens[i] : null;
    }
}
