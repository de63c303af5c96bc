// The parser's public entry point and result types: what every dialect and the CLI call.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>Which placeholder syntax, if any, the tokenizer reads as one token outside string literals.</summary>
public enum PlaceholderSyntax { None, Pflow, Voxworks }

public sealed record ParseOptions(PlaceholderSyntax Placeholders = PlaceholderSyntax.None)
{
    public static ParseOptions Default { get; } = new();
}

/// <summary>A syntax error with CPython's wording where practical, at the span CPython would point to.</summary>
public sealed record SyntaxError(TextSpan Span, string Message)
{
    /// <summary>
    /// Where CPython's tokenizer finds the error when that is later than where it points (an unterminated string
    /// is found at the end of its line, reported at its quote); -1 when the same. It orders errors by discovery.
    /// </summary>
    internal int DetectedAt { get; init; } = -1;
}

/// <summary>What a parse gives: the tree, every token (comments included) and the errors. Never null.</summary>
public sealed class ParseResult
{
    public required Module Module { get; init; }
    public required IReadOnlyList<Token> Tokens { get; init; }
    public required IReadOnlyList<SyntaxError> Errors { get; init; }
    /// <summary>The text that was parsed (the whole text, of which only Range was read).</summary>
    public required string Text { get; init; }
    public required TextSpan Range { get; init; }
    /// <summary>Offset (in Text) where each line of Range starts; index 0 is the range's first line.</summary>
    public IReadOnlyList<int> LineStarts { get; init; } = [];

    /// <summary>
    /// The errors of <c>compile()</c>'s later stages (symbol table and code generation: <c>'return' outside
    /// function</c>, <c>'break' outside loop</c>, ...) for code without syntax errors; <c>ast.parse</c> accepts such
    /// code, <c>compile()</c> and <c>exec</c> refuse it. Computed on first use (it binds the module's names).
    /// </summary>
    public IReadOnlyList<SyntaxError> CompileErrors
    {
        get
        {
            if (compileErrors is { } done) return done;
            var list = CompileChecks.Check(this);
            Interlocked.CompareExchange(ref compileErrors, list, null);
            return compileErrors;
        }
    }
    private IReadOnlyList<SyntaxError>? compileErrors;

    /// <summary>What <c>compile()</c> refuses: the syntax errors, or when there are none the compile-stage errors; the first is the one CPython reports.</summary>
    public IReadOnlyList<SyntaxError> AllErrors => Errors.Count > 0 ? Errors : CompileErrors;

    /// <summary>The error CPython's <c>compile()</c> would report (it stops at one), or null for code it compiles.</summary>
    public SyntaxError? FirstError => Errors.Count > 0 ? Errors[0] : CompileErrors.Count > 0 ? CompileErrors[0] : null;
}
