// The fine-grained token kinds (each keyword and operator its own kind) that the lexer hands to the parser.
namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// A token's exact kind. The public <see cref="TokenKind"/> groups keywords and operators; the parser compares
/// these bytes instead of token text, which keeps its inner loops free of string comparisons.
/// </summary>
internal enum TK : byte
{
    EndOfFile, Newline, NL, Indent, Dedent, Whitespace, Comment, Continuation,
    Name, Number, String, FStringStart, FStringMiddle, FStringEnd, Placeholder, Error,

    // Keywords (hard keywords only; match/case/type/_ are names the parser reads in context).
    False, None, True, And, As, Assert, Async, Await, Break, Class, Continue, Def, Del, Elif, Else, Except,
    Finally, For, From, Global, If, Import, In, Is, Lambda, Nonlocal, Not, Or, Pass, Raise, Return, Try, While,
    With, Yield,

    // Delimiters and operators.
    LPar, RPar, LSqb, RSqb, LBrace, RBrace, Comma, Colon, Dot, Semi, At, Equal, Arrow, Ellipsis, Exclamation,
    Plus, Minus, Star, DoubleStar, Slash, DoubleSlash, Percent, LShift, RShift, Amper, VBar, Circumflex, Tilde,
    Less, Greater, EqEqual, NotEqual, LessEqual, GreaterEqual, ColonEqual,
    PlusEqual, MinusEqual, StarEqual, DoubleStarEqual, SlashEqual, DoubleSlashEqual, PercentEqual, AtEqual,
    AmperEqual, VBarEqual, CircumflexEqual, LShiftEqual, RShiftEqual,
}

internal static class TokenKinds
{
    public const TK FirstKeyword = TK.False;
    public const TK LastKeyword = TK.Yield;
    public const TK FirstOperator = TK.LPar;

    public static bool IsKeyword(TK k) => k >= FirstKeyword && k <= LastKeyword;
    public static bool IsOperator(TK k) => k >= FirstOperator;
    public static bool IsAugAssign(TK k) => k >= TK.PlusEqual;

    /// <summary>Trivia: tokens the parser never sees (they only serve round-tripping and comments).</summary>
    public static bool IsTrivia(TK k) => k is TK.Whitespace or TK.Comment or TK.NL or TK.Continuation;

    private static readonly string[] Texts = BuildTexts();
    private static readonly Dictionary<string, TK> KeywordTable = BuildKeywords();

    /// <summary>The keyword lookup used by the lexer without allocating a string for each name.</summary>
    public static readonly Dictionary<string, TK>.AlternateLookup<ReadOnlySpan<char>> Keywords =
        KeywordTable.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The fixed text of a keyword or operator kind (shared strings, so tokens allocate nothing).</summary>
    public static string TextOf(TK k) => Texts[(int)k];

    public static TokenKind Public(TK k) => k switch
    {
        TK.EndOfFile => TokenKind.EndOfFile,
        TK.Newline => TokenKind.Newline,
        TK.NL => TokenKind.NonLogicalNewline,
        TK.Indent => TokenKind.Indent,
        TK.Dedent => TokenKind.Dedent,
        TK.Whitespace => TokenKind.Whitespace,
        TK.Comment => TokenKind.Comment,
        TK.Continuation => TokenKind.LineContinuation,
        TK.Name => TokenKind.Name,
        TK.Number => TokenKind.Number,
        TK.String => TokenKind.String,
        TK.FStringStart => TokenKind.FStringStart,
        TK.FStringMiddle => TokenKind.FStringMiddle,
        TK.FStringEnd => TokenKind.FStringEnd,
        TK.Placeholder => TokenKind.Placeholder,
        TK.Error => TokenKind.Error,
        _ => IsKeyword(k) ? TokenKind.Keyword : TokenKind.Operator,
    };

    private static Dictionary<string, TK> BuildKeywords()
    {
        var d = new Dictionary<string, TK>(StringComparer.Ordinal);
        for (var k = FirstKeyword; k <= LastKeyword; k++) d[TextOf(k)] = k;
        return d;
    }

    private static string[] BuildTexts()
    {
        var t = new string[(int)TK.RShiftEqual + 1];
        for (int i = 0; i < t.Length; i++) t[i] = "";
        for (var k = FirstKeyword; k <= LastKeyword; k++)
        {
            var s = k.ToString();
            t[(int)k] = char.ToLowerInvariant(s[0]) + s[1..];
        }
        // The three keywords written with a capital letter.
        t[(int)TK.False] = "False";
        t[(int)TK.None] = "None";
        t[(int)TK.True] = "True";
        void Op(TK k, string s) => t[(int)k] = s;
        Op(TK.LPar, "("); Op(TK.RPar, ")"); Op(TK.LSqb, "["); Op(TK.RSqb, "]"); Op(TK.LBrace, "{");
        Op(TK.RBrace, "}"); Op(TK.Comma, ","); Op(TK.Colon, ":"); Op(TK.Dot, "."); Op(TK.Semi, ";");
        Op(TK.At, "@"); Op(TK.Equal, "="); Op(TK.Arrow, "->"); Op(TK.Ellipsis, "..."); Op(TK.Exclamation, "!");
        Op(TK.Plus, "+"); Op(TK.Minus, "-"); Op(TK.Star, "*"); Op(TK.DoubleStar, "**"); Op(TK.Slash, "/");
        Op(TK.DoubleSlash, "//"); Op(TK.Percent, "%"); Op(TK.LShift, "<<"); Op(TK.RShift, ">>");
        Op(TK.Amper, "&"); Op(TK.VBar, "|"); Op(TK.Circumflex, "^"); Op(TK.Tilde, "~"); Op(TK.Less, "<");
        Op(TK.Greater, ">"); Op(TK.EqEqual, "=="); Op(TK.NotEqual, "!="); Op(TK.LessEqual, "<=");
        Op(TK.GreaterEqual, ">="); Op(TK.ColonEqual, ":="); Op(TK.PlusEqual, "+="); Op(TK.MinusEqual, "-=");
        Op(TK.StarEqual, "*="); Op(TK.DoubleStarEqual, "**="); Op(TK.SlashEqual, "/=");
        Op(TK.DoubleSlashEqual, "//="); Op(TK.PercentEqual, "%="); Op(TK.AtEqual, "@=");
        Op(TK.AmperEqual, "&="); Op(TK.VBarEqual, "|="); Op(TK.CircumflexEqual, "^=");
        Op(TK.LShiftEqual, "<<="); Op(TK.RShiftEqual, ">>=");
        return t;
    }
}
