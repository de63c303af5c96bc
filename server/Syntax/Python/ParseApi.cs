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
public sealed record SyntaxError(TextSpan Span, string Message);

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
}
