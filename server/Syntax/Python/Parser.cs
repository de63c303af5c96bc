// The recursive-descent parser's core: token cursor, errors with recovery rules, spans and the entry point.
using System.Runtime.CompilerServices;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// One parse of one range. Statements are in Parser.Statements.cs, expressions in Parser.Expressions.cs,
/// match patterns in Parser.Patterns.cs. The parser reads only significant tokens (no trivia) and never throws.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>Bracket and unary nesting beyond this is reported instead of recursed into (CPython allows 200 brackets).</summary>
    private const int MaxDepth = 300;

    private readonly string text;
    private readonly LexResult lex;
    private readonly List<Token> toks;
    private readonly List<TK> kinds;
    private readonly int[] sig;
    private readonly TK[] sigKinds; // kinds of the significant tokens: the hottest lookup of the parser
    private int pos;
    private int lastEnd;
    private readonly List<SyntaxError> errors = [];
    private int depth;
    private bool statementHasError;
    private readonly PlaceholderKind placeholderKind;

    private Parser(string text, LexResult lex, int rangeStart, PlaceholderSyntax placeholders)
    {
        this.text = text;
        this.lex = lex;
        toks = lex.Tokens;
        kinds = lex.Kinds;
        int n = 0;
        for (int i = 0; i < toks.Count; i++) if (!TokenKinds.IsTrivia(kinds[i])) n++;
        sig = new int[n];
        sigKinds = new TK[n];
        n = 0;
        for (int i = 0; i < toks.Count; i++)
        {
            var k = kinds[i];
            if (TokenKinds.IsTrivia(k)) continue;
            sig[n] = i;
            sigKinds[n++] = k;
        }
        lastEnd = rangeStart;
        placeholderKind = placeholders == PlaceholderSyntax.Voxworks ? PlaceholderKind.Voxworks : PlaceholderKind.Pflow;
    }

    public static ParseResult Run(string text, TextSpan range, ParseOptions? options)
    {
        options ??= ParseOptions.Default;
        int start = Math.Clamp(range.Start, 0, text.Length);
        int end = Math.Clamp(range.End, start, text.Length);
        var lex = PythonLexer.Tokenize(text, TextSpan.FromBounds(start, end), options);
        var parser = new Parser(text, lex, start, options.Placeholders);
        var module = parser.ParseModule(start, end);
        SetParents(module);
        return new ParseResult
        {
            Module = module,
            Tokens = lex.Tokens,
            Errors = ClampErrors(MergeErrors(lex, parser.errors), start, end),
            Text = text,
            Range = TextSpan.FromBounds(start, end),
            LineStarts = lex.LineStarts,
        };
    }

    // ───────────────────────────── cursor ─────────────────────────────

    private TK Kind => sigKinds[pos];

    private TK Peek(int k = 1)
    {
        int i = pos + k;
        return i < sigKinds.Length ? sigKinds[i] : TK.EndOfFile;
    }

    private Token Tok => toks[sig[pos]];
    private Token PeekTok(int k) => toks[sig[Math.Min(pos + k, sig.Length - 1)]];
    private int Start => toks[sig[pos]].Span.Start;

    private void Advance()
    {
        var k = sigKinds[pos];
        if (k == TK.EndOfFile) return;
        if (k is not (TK.Newline or TK.Indent or TK.Dedent)) lastEnd = toks[sig[pos]].Span.End;
        pos++;
    }

    private bool Eat(TK k)
    {
        if (Kind != k) return false;
        Advance();
        return true;
    }

    /// <summary>True at a Name token spelling a soft keyword (match, case, type, _).</summary>
    private bool AtSoftKeyword(string word) => Kind == TK.Name && Tok.Text == word;

    private bool AtLineEnd => Kind is TK.Newline or TK.EndOfFile;

    // ───────────────────────────── errors ─────────────────────────────

    /// <summary>Reports an error at the current token (a line break is reported as an empty span at its start).</summary>
    private void ErrorHere(string message)
    {
        var t = Tok;
        // At the end of input CPython points at the last line, not at the empty line after the final line break.
        if (Kind is TK.EndOfFile or TK.Dedent && t.Span.Start == toks[^1].Span.Start)
        {
            ErrorAt(lastEnd, 0, message);
            return;
        }
        int len = Kind is TK.Newline or TK.EndOfFile or TK.Indent or TK.Dedent ? 0 : t.Span.Length;
        ErrorAt(t.Span.Start, len, message);
    }

    private void ErrorAt(int start, int length, string message)
    {
        if (statementHasError) return;
        // The lexer already reported the unclosed bracket whose line break or end of file we are looking at.
        if (lex.Recovered.Contains(sig[pos])) return;
        statementHasError = true;
        errors.Add(new SyntaxError(new TextSpan(start, Math.Max(0, length)), message));
    }

    private void ErrorAt(Node node, string message) => ErrorAt(node.Span.Start, node.Span.Length, message);

    /// <summary>Reports an error even when the statement already has one (used for indentation errors).</summary>
    private void ErrorForced(int start, int length, string message)
    {
        statementHasError = false;
        ErrorAt(start, length, message);
    }

    private int LineOf(int offset) => lex.LineOf(offset);

    // ───────────────────────────── spans ─────────────────────────────

    /// <summary>
    /// Sets a node's span from <paramref name="start"/> to the end of the last consumed token. A node that consumed
    /// nothing gets an empty span at the previous token's end, so children always lie inside their parents.
    /// </summary>
    private T Fin<T>(T node, int start) where T : Node
    {
        node.Span = lastEnd >= start ? TextSpan.FromBounds(start, lastEnd) : new TextSpan(lastEnd, 0);
        return node;
    }

    private TextSpan MissingSpan => new(lastEnd, 0);

    private ErrorExpr Missing(ErrorCategory category = ErrorCategory.MissingExpression, Expr? partial = null)
    {
        if (partial != null)
            return new ErrorExpr { Category = category, Partial = partial, Span = TextSpan.FromBounds(partial.Span.Start, Math.Max(partial.Span.End, lastEnd)) };
        return new ErrorExpr { Category = category, Span = MissingSpan };
    }

    private Identifier MissingIdentifier() => new("", MissingSpan, isMissing: true);

    private bool Deeper()
    {
        depth++;
        return depth <= MaxDepth && RuntimeHelpers.TryEnsureSufficientExecutionStack();
    }

    // ───────────────────────────── finishing ─────────────────────────────

    /// <summary>Sets every node's Parent with an explicit stack (deep trees must not overflow) and one reused child list.</summary>
    private static void SetParents(Node root)
    {
        var stack = new Stack<Node>();
        var children = new List<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            children.Clear();
            n.AddChildrenTo(children);
            foreach (var c in children)
            {
                c.Parent = n;
                stack.Push(c);
            }
        }
    }

    /// <summary>
    /// Keeps every error span inside the parsed range. CPython points one past the last character for some errors at
    /// the end of the input ("invalid decimal literal" on a last `1_`); an editor needs a span that exists.
    /// </summary>
    private static List<SyntaxError> ClampErrors(List<SyntaxError> errors, int start, int end)
    {
        for (int i = 0; i < errors.Count; i++)
        {
            var span = errors[i].Span;
            if (span.Start >= start && span.End <= end) continue;
            int s = Math.Clamp(span.Start, start, end);
            errors[i] = errors[i] with { Span = TextSpan.FromBounds(s, Math.Clamp(span.End, s, end)) };
        }
        return errors;
    }

    /// <summary>
    /// Orders errors by position, drops parser errors on a line where the lexer found a bad token, and puts first
    /// the error CPython would report. CPython's tokenizer runs ahead of its parser: an error the tokenizer raises
    /// (a bad literal, an unterminated string, a bad character, an unmatched bracket) stops the parse where it
    /// occurs, and after any error of the parser CPython tokenizes the rest of the file and reports the first such
    /// tokenizer error instead. Indentation errors and the end of the file inside a bracket raise nothing there:
    /// they end that scan, and a bracket still open at the end of the file that opened on an earlier line than the
    /// parser's error is reported as never closed.
    /// </summary>
    private static List<SyntaxError> MergeErrors(LexResult lex, List<SyntaxError> parserErrors)
    {
        // A bad token garbles the parse of its line from there on; a bracket left open does not (CPython reports
        // the parser's error on the bracket's own line).
        // Parser errors from a bad token on (the first bad token of each line) are dropped.
        var badTokenAt = new Dictionary<int, int>();
        foreach (var e in lex.Errors)
        {
            if (!IsRaisedByTokenizer(e.Message)) continue;
            int line = lex.LineOf(e.Span.Start);
            if (!badTokenAt.TryGetValue(line, out int at) || e.Span.Start < at) badTokenAt[line] = e.Span.Start;
        }
        var all = new List<SyntaxError>(lex.Errors.Count + parserErrors.Count);
        all.AddRange(lex.Errors);
        foreach (var e in parserErrors)
        {
            if (!badTokenAt.TryGetValue(lex.LineOf(e.Span.Start), out int at) || e.Span.Start < at) all.Add(e);
        }
        // In the order CPython finds them (an unterminated string at the end of its line, not at its quote); at
        // the same place the tokenizer's error comes first, as the parser never sees the bad token.
        var lexErrors = new HashSet<SyntaxError>(lex.Errors, ReferenceEqualityComparer.Instance);
        static int At(SyntaxError e) => e.DetectedAt >= 0 ? e.DetectedAt : e.Span.Start;
        all.Sort((a, b) => At(a) != At(b) ? At(a).CompareTo(At(b)) : (lexErrors.Contains(a) ? 0 : 1).CompareTo(lexErrors.Contains(b) ? 0 : 1));
        for (int i = all.Count - 1; i > 0; i--)
        {
            if (all[i].Span.Start == all[i - 1].Span.Start && all[i].Message == all[i - 1].Message) all.RemoveAt(i);
        }
        if (all.Count < 2) return all;
        var firstError = all[FirstReported(all, lexErrors, lex)];
        all.Remove(firstError);
        all.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        all.Insert(0, firstError);
        return all;
    }

    /// <summary>The index in <paramref name="all"/> (sorted by position) of the error CPython reports.</summary>
    private static int FirstReported(List<SyntaxError> all, HashSet<SyntaxError> lexErrors, LexResult lex)
    {
        // The first error the tokenizer raises wins, unless an error that stops the scan comes before it.
        int firstParser = -1, firstStop = -1;
        for (int i = 0; i < all.Count; i++)
        {
            var e = all[i];
            if (!lexErrors.Contains(e))
            {
                if (firstParser >= 0) continue;
                firstParser = i;
                // An indentation error of the parser (CPython's INDENT/DEDENT path) is raised without the scan.
                if (firstStop < 0 && IsUnscannedParserError(e.Message)) return firstParser;
                continue;
            }
            if (IsRaisedByTokenizer(e.Message))
            {
                if (firstStop < 0) return i;
                break;
            }
            if (firstStop < 0 && !IsNeverClosed(e.Message)) firstStop = i;
        }
        if (firstParser < 0) return firstStop >= 0 ? firstStop : 0;
        if (firstStop >= 0 && firstStop < firstParser) return firstStop;
        // The scan after the parser's error ends at the end of the file (or at an indentation error): a bracket
        // still open there, opened on an earlier line than the error, is what CPython reports.
        int parserLine = lex.LineOf(all[firstParser].Span.Start);
        int innermost = -1;
        for (int i = 0; i < all.Count; i++)
        {
            if (!lexErrors.Contains(all[i]) || !IsNeverClosed(all[i].Message)) continue;
            if (firstStop >= 0 && i > firstStop) break;
            innermost = i;
        }
        if (innermost >= 0 && lex.LineOf(all[innermost].Span.Start) < parserLine) return innermost;
        return firstParser;
    }

    private static bool IsNeverClosed(string message) => message.EndsWith("was never closed", StringComparison.Ordinal);

    /// <summary>Parser errors CPython raises straight from the token it stopped at, without scanning the rest.</summary>
    private static bool IsUnscannedParserError(string message) =>
        message is "unexpected indent" or "unexpected unindent" or "unexpected EOF while parsing";

    /// <summary>
    /// Tokenizer errors that CPython raises as exceptions (they win over the parser's); the others (indentation,
    /// the end of the file inside a bracket or after a backslash) only end its tokenizer.
    /// </summary>
    private static bool IsRaisedByTokenizer(string message) =>
        !(IsNeverClosed(message) || message.StartsWith("unindent does not match", StringComparison.Ordinal)
          || message.StartsWith("inconsistent use of tabs", StringComparison.Ordinal)
          || message.StartsWith("too many levels of indentation", StringComparison.Ordinal)
          || message == "unexpected character after line continuation character"
          || message == "unexpected EOF while parsing");
}
