// Python tokens: kind and exact span; comments and whitespace are kept as trivia tokens so text round-trips.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

public enum TokenKind
{
    EndOfFile,
    Newline,
    NonLogicalNewline, // a line break inside brackets or on a blank/comment-only line
    Indent,
    Dedent,
    Whitespace,
    Comment,
    LineContinuation, // backslash + line break
    Name,
    Keyword,
    Number,
    String,      // a complete string or bytes literal (prefix and quotes included)
    FStringStart,
    FStringMiddle,
    FStringEnd,
    Operator,    // operators and delimiters: ( ) [ ] { } , : . ; @ = -> += ... 
    Placeholder, // ${...} or {{...}} when the dialect switches it on
    Error,       // a bad character or an unterminated literal
}

/// <summary>One token. Text is the exact source text of the span (for Indent/Dedent it may be empty).</summary>
public readonly record struct Token(TokenKind Kind, TextSpan Span, string Text)
{
    public override string ToString() => $"{Kind} {Span} {Text}";
}
