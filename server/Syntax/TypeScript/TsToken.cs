// TypeScript/JavaScript tokens: kind, exact span and text, plus the few facts the outline needs (line breaks, braces).
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.TypeScript;

public enum TsTokenKind
{
    EndOfFile,
    /// <summary>Identifiers and keywords alike; the outline looks at the text, as keywords are contextual in TS.</summary>
    Identifier,
    PrivateName,   // #field
    Number,        // 1_000, 0xFF, .5e-3, 10n
    String,        // '...' or "..." with its quotes
    Template,      // `...` with no substitution
    TemplateHead,  // `...${
    TemplateMiddle, // }...${
    TemplateTail,  // }...`
    Regex,         // /.../flags
    Punctuator,    // operators and delimiters, longest match: ( ) { } [ ] ; , ... => ?. ?? >>>= ...
    LineComment,   // // ... (and a #! line at the very start)
    BlockComment,  // /* ... */
    Error,         // a character that starts no token
}

/// <summary>Facts the lexer knows about a token that the outline would otherwise have to work out again.</summary>
[Flags]
public enum TsTokenFlags
{
    None = 0,
    /// <summary>A line break stands between this token and the previous one (comments do not count as tokens here).</summary>
    NewlineBefore = 1,
    /// <summary>A <c>{</c> that opens a statement block or function body rather than an object literal.</summary>
    BlockBrace = 2,
    /// <summary>The literal, comment or template piece runs to the end of the file or line without its closing quote.</summary>
    Unterminated = 4,
}

/// <summary>One token; Text is the exact source text of Span.</summary>
public readonly record struct TsToken(TsTokenKind Kind, TextSpan Span, string Text, TsTokenFlags Flags)
{
    public bool NewlineBefore => (Flags & TsTokenFlags.NewlineBefore) != 0;
    public bool IsBlockBrace => (Flags & TsTokenFlags.BlockBrace) != 0;
    public bool IsComment => Kind is TsTokenKind.LineComment or TsTokenKind.BlockComment;

    /// <summary>True for a punctuator or identifier/keyword token spelled exactly <paramref name="text"/>.</summary>
    public bool Is(string text) => (Kind is TsTokenKind.Punctuator or TsTokenKind.Identifier) && Text == text;

    public override string ToString() => $"{Kind} {Span} {Text}";
}

/// <summary>
/// A syntax error, worded like the TypeScript compiler's where one exists; Code is the compiler's number for that
/// message (TS1005 for "',' expected.") or 0 for a message of our own.
/// </summary>
public sealed record TsSyntaxError(TextSpan Span, string Message, int Code = 0);
