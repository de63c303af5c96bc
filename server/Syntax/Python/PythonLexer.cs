// Python 3.12's tokenizer: exact spans, trivia kept (text round-trips), INDENT/DEDENT, f-strings, placeholders.
using System.Globalization;
using System.Text;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// What the lexer gives: every token (trivia included, so concatenating their texts gives back the source range
/// exactly), the lexical errors, and the line starts of the range (line 1 is the range's first line).
/// </summary>
public sealed class LexResult
{
    public required List<Token> Tokens { get; init; }
    public required List<SyntaxError> Errors { get; init; }
    /// <summary>Offset (in the whole text) where each line of the range starts; index 0 is line 1.</summary>
    public required List<int> LineStarts { get; init; }
    internal List<TK> Kinds { get; init; } = [];
    /// <summary>Indices of NEWLINE/EOF tokens the lexer made up to close an unclosed bracket (the parser stays quiet there).</summary>
    internal HashSet<int> Recovered { get; init; } = [];
    /// <summary>Offsets of the opening brackets that this pass had to close itself (they never close in the text).</summary>
    internal List<int> NeverClosed { get; init; } = [];

    /// <summary>The 1-based line (within the range) of an offset.</summary>
    public int LineOf(int offset)
    {
        int lo = 0, hi = LineStarts.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (LineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lo + 1;
    }
}

public static class PythonLexer
{
    /// <summary>Tokenizes the whole text.</summary>
    public static LexResult Tokenize(string text, ParseOptions? options = null) =>
        Tokenize(text, new TextSpan(0, text.Length), options);

    /// <summary>Tokenizes <paramref name="range"/> of <paramref name="text"/>; never throws.</summary>
    public static LexResult Tokenize(string text, TextSpan range, ParseOptions? options = null)
    {
        int start = Math.Clamp(range.Start, 0, text.Length);
        int end = Math.Clamp(range.End, start, text.Length);
        var placeholders = (options ?? ParseOptions.Default).Placeholders;
        var result = new Lexer(text, start, end, placeholders, null).Run();
        // A bracket that never closes swallows every line after it: inside brackets a line break is not a NEWLINE.
        // Only the whole text tells which brackets never close, so when the first pass found some, the text is read
        // again knowing them, and the line break before the first line that starts a statement is read as a NEWLINE
        // (see Lexer.ClosesNeverClosedBracket). Valid code has no such bracket and is read once.
        HashSet<int>? neverClosed = null;
        for (int pass = 1; pass < MaxPasses && result.NeverClosed.Count > 0; pass++)
        {
            neverClosed ??= [];
            int known = neverClosed.Count;
            neverClosed.UnionWith(result.NeverClosed);
            if (neverClosed.Count == known) break;
            result = new Lexer(text, start, end, placeholders, neverClosed).Run();
        }
        return result;
    }

    /// <summary>
    /// Reading again with what a pass learnt only closes brackets earlier, which cannot open new ones; three passes
    /// bound the work even so.
    /// </summary>
    private const int MaxPasses = 3;
}

/// <summary>The tokenizer's state machine. One instance lexes one range once.</summary>
internal sealed class Lexer
{
    private readonly string s;
    private readonly int end;
    private int p;
    private readonly PlaceholderSyntax placeholders;

    private readonly List<Token> toks;
    private readonly List<TK> kinds;
    private readonly List<SyntaxError> errors = [];
    private readonly List<int> lineStarts = [];
    private readonly HashSet<int> recovered = [];
    private readonly List<int> neverClosedFound = [];
    /// <summary>Brackets an earlier pass found never closed (null in the first pass).</summary>
    private readonly HashSet<int>? neverClosed;
    // The answer of the last look past blank lines for the next line of code (see NextCodeLineStartsStatement):
    // every line break in a run of blank lines looks at the same line, which must not cost the run's length each time.
    private int lookFrom = -1, lookTarget = -1;
    private bool lookVerdict;

    // Indentation stack: columns with tabs to multiples of 8 and with tabs counted as 1 (CPython compares both).
    private readonly List<int> indCols = [0];
    private readonly List<int> indAlts = [0];
    private int lineIndentCol;

    private struct Open { public char C; public int Offset; }
    private readonly List<Open> parens = [];

    private sealed class Frame
    {
        public bool IsField;      // false: the literal body of an f-string; true: a replacement field {...}
        public bool InSpec;       // a field after its top-level ':' (the format spec is literal text)
        public char Quote;
        public bool Triple;
        public bool Raw;
        public int ParenBase;     // paren count right after the field's '{' was pushed
        public int Start;         // the f-string's start (for errors)
    }
    private readonly List<Frame> frames = [];

    private bool atLineStart = true;
    private bool lineHasTokens;
    private TK lastSig = TK.Newline;
    private TK firstSig = TK.Newline; // the first token of the current logical line

    [ThreadStatic] private static Dictionary<string, string>? names;
    private static readonly string[] Spaces = BuildSpaces();

    public Lexer(string text, int start, int end, PlaceholderSyntax placeholders, HashSet<int>? neverClosed)
    {
        this.neverClosed = neverClosed;
        s = text;
        p = start;
        this.end = end;
        this.placeholders = placeholders;
        // Real code averages about 2.5 characters per token (whitespace included); sizing once avoids regrowing
        // the list, whose copies would land on the large-object heap.
        int estimate = Math.Max(16, (end - start) / 2 + 64);
        toks = new List<Token>(estimate);
        kinds = new List<TK>(estimate);
        lineStarts.Add(start);
    }

    private static string[] BuildSpaces()
    {
        var a = new string[65];
        for (int i = 0; i < a.Length; i++) a[i] = new string(' ', i);
        return a;
    }

    public LexResult Run()
    {
        if (p < end && s[p] == '\uFEFF') Add(TK.Whitespace, p, p + 1, "\uFEFF");
        while (true)
        {
            if (frames.Count > 0)
            {
                // At the end of the input an unterminated f-string stays open: Finish reports it (lexing its body
                // again would make no progress).
                if (p >= end) break;
                var top = frames[^1];
                if (!top.IsField || top.InSpec) { LexFStringBody(); continue; }
                if (parens.Count == top.ParenBase && p < end)
                {
                    char fc = s[p];
                    if (fc == '}') { CloseField(); continue; }
                    if (fc == ':') { Add(TK.Colon, p, p + 1); p++; top.InSpec = true; continue; }
                }
            }
            if (atLineStart)
            {
                atLineStart = false;
                if (parens.Count == 0 && frames.Count == 0 && LineStartIndent()) continue;
            }
            if (p >= end) break;
            LexOne();
        }
        Finish();
        return new LexResult
        {
            Tokens = toks, Kinds = kinds, Errors = errors, LineStarts = lineStarts, Recovered = recovered,
            NeverClosed = neverClosedFound,
        };
    }

    // ───────────────────────────── helpers ─────────────────────────────

    private void Add(TK kind, int start, int stop, string text)
    {
        toks.Add(new Token(TokenKinds.Public(kind), new TextSpan(start, stop - start), text));
        kinds.Add(kind);
        if (!TokenKinds.IsTrivia(kind) && kind is not (TK.Indent or TK.Dedent))
        {
            if (!lineHasTokens) firstSig = kind;
            lastSig = kind;
            if (kind != TK.Newline) lineHasTokens = true;
        }
    }

    private void Add(TK kind, int start, int stop) => Add(kind, start, stop, TokenKinds.TextOf(kind));

    /// <summary>Records an error; a span CPython puts one past the last character is cut to the text's end.</summary>
    private void Error(int start, int length, string message, int detectedAt = -1)
    {
        start = Math.Min(start, end);
        errors.Add(new SyntaxError(new TextSpan(start, Math.Max(0, Math.Min(length, end - start))), message) { DetectedAt = detectedAt });
    }

    private int Line => lineStarts.Count;

    /// <summary>Consumes a line break at p (\n, \r\n or \r) and records the new line start.</summary>
    private int EatLineBreak()
    {
        int n = s[p] == '\r' && p + 1 < end && s[p + 1] == '\n' ? 2 : 1;
        p += n;
        lineStarts.Add(p);
        return n;
    }

    private static string LineBreakText(int n, char c) => n == 2 ? "\r\n" : c == '\r' ? "\r" : "\n";

    private string Intern(int start, int stop)
    {
        var table = names ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = s.AsSpan(start, stop - start);
        if (lookup.TryGetValue(span, out var existing)) return existing;
        if (table.Count > 100_000) table.Clear();
        var str = span.ToString();
        table[str] = str;
        return str;
    }

    private string WhitespaceText(int start, int stop)
    {
        int n = stop - start;
        if (n <= 64)
        {
            bool allSpaces = true;
            for (int i = start; i < stop; i++) if (s[i] != ' ') { allSpaces = false; break; }
            if (allSpaces) return Spaces[n];
        }
        return s.Substring(start, n);
    }

    // ───────────────────────────── lines and indentation ─────────────────────────────

    /// <summary>
    /// Handles indentation at the start of a logical line. Returns true when the line turned out blank or a
    /// comment (nothing more to do here; the main loop lexes the rest).
    /// </summary>
    private bool LineStartIndent()
    {
        int q = p, col = 0, alt = 0, contCol = 0, contAlt = 0;
        while (q < end)
        {
            char c = s[q];
            if (c == ' ') { col++; alt++; }
            else if (c == '\t') { col = (col / 8 + 1) * 8; alt++; }
            else if (c == '\f') { col = 0; alt = 0; }
            else if (c == '\\' && q + 1 < end && s[q + 1] is '\n' or '\r')
            {
                // CPython: indentation cannot be split over lines with backslashes; the column of the first
                // backslash after some whitespace is the line's indentation (else counting goes on below it).
                if (contCol == 0) { contCol = col; contAlt = alt; }
                if (q > p) Add(TK.Whitespace, p, q, WhitespaceText(p, q));
                p = q;
                LexBackslash();
                q = p;
                continue;
            }
            else break;
            q++;
        }
        if (q > p) { Add(TK.Whitespace, p, q, WhitespaceText(p, q)); p = q; }
        if (p >= end) return true;
        char first = s[p];
        if (first is '#' or '\n' or '\r') return true; // blank or comment-only line: no INDENT/DEDENT
        if (contCol != 0) { col = contCol; alt = contAlt; }

        int top = indCols[^1];
        if (col == top)
        {
            if (alt != indAlts[^1]) TabError();
        }
        else if (col > top)
        {
            if (alt <= indAlts[^1]) TabError();
            if (indCols.Count == 100) Error(p, 0, "too many levels of indentation");
            indCols.Add(col);
            indAlts.Add(alt);
            Add(TK.Indent, p, p, "");
        }
        else
        {
            // Count the levels deeper than this line; CPython emits one DEDENT for each.
            int n = 0;
            while (n < indCols.Count - 1 && indCols[indCols.Count - 1 - n] > col) n++;
            if (indCols[indCols.Count - 1 - n] == col)
            {
                for (int i = 0; i < n; i++) PopIndent();
                if (alt != indAlts[^1]) TabError();
            }
            else
            {
                // No outer level matches: stay in the innermost block deeper than this line, re-levelled to
                // this column, so the rest of the block keeps its structure.
                // CPython points just past the end of the line (its offset is the line's length + 1), though it
                // finds the error before the line's first token.
                var lineEnd = s.IndexOfAny(['\n', '\r'], p, end - p);
                Error(lineEnd < 0 ? end : lineEnd, 0, "unindent does not match any outer indentation level", lineStarts[^1]);
                for (int i = 0; i < n - 1; i++) PopIndent();
                indCols[^1] = col;
                indAlts[^1] = alt;
            }
        }
        lineIndentCol = col;
        return false;
    }

    private void PopIndent()
    {
        indCols.RemoveAt(indCols.Count - 1);
        indAlts.RemoveAt(indAlts.Count - 1);
        Add(TK.Dedent, p, p, "");
    }

    private void TabError() =>
        Error(lineStarts[^1], Math.Max(0, p - lineStarts[^1]), "inconsistent use of tabs and spaces in indentation");

    private void LexLineBreak()
    {
        int start = p;
        char c = s[p];
        int n = EatLineBreak();
        string text = LineBreakText(n, c);
        if (parens.Count > 0)
        {
            if (ShouldCloseBrackets() || ClosesNeverClosedBracket())
            {
                UnclosedBracketError();
                foreach (var open in parens) neverClosedFound.Add(open.Offset);
                parens.Clear();
                frames.Clear();
                recovered.Add(toks.Count);
                Add(TK.Newline, start, p, text);
                lineHasTokens = false;
                atLineStart = true;
                return;
            }
            Add(TK.NL, start, p, text);
            return;
        }
        if (lineHasTokens)
        {
            Add(TK.Newline, start, p, text);
            lineHasTokens = false;
        }
        else Add(TK.NL, start, p, text);
        atLineStart = true;
    }

    /// <summary>
    /// Inside an unclosed bracket, decides whether the next line starts a new statement: it begins with a keyword
    /// that no expression can contain, at an indentation no deeper than the line that opened the bracket. Then the
    /// line break is read as a NEWLINE (CPython reports "'(' was never closed"), so the rest of the file parses.
    /// </summary>
    private bool ShouldCloseBrackets()
    {
        int q = SkipIndentation(p, out int col);
        if (col > lineIndentCol) return false;
        int w = q;
        while (w < end && s[w] is >= 'a' and <= 'z') w++;
        if (w == q || w - q > 8) return false;
        if (w < end && (char.IsAsciiLetterOrDigit(s[w]) || s[w] == '_')) return false;
        if (!TokenKinds.Keywords.TryGetValue(s.AsSpan(q, w - q), out var kw)) return false;
        return kw switch
        {
            TK.Def or TK.Class or TK.Return or TK.Import or TK.With or TK.While or TK.Try or TK.Except
                or TK.Finally or TK.Raise or TK.Del or TK.Pass or TK.Break or TK.Continue or TK.Global
                or TK.Nonlocal or TK.Assert or TK.Elif => true,
            TK.From => lastSig != TK.Yield,
            _ => false,
        };
    }

    /// <summary>
    /// In a second reading, decides whether the line break ends the statement because the innermost open bracket
    /// never closes (an earlier pass found it open at the end of the text or at a statement keyword) and the next
    /// line of code starts a statement at the indentation of the line that opened it, or less. So after
    /// <c>x = (1,</c> a following <c>y = 2</c> is its own statement rather than the rest of the tuple; CPython reports
    /// the bracket the same way ("'(' was never closed"). A line indented deeper stays inside the bracket, as
    /// continuation lines usually are; so does a line that starts with a closing bracket or an operator.
    /// </summary>
    private bool ClosesNeverClosedBracket() =>
        neverClosed != null && frames.Count == 0 && neverClosed.Contains(parens[^1].Offset)
        && (EndsCompoundHeader() || NextCodeLineStartsStatement());

    /// <summary>
    /// A line of a compound statement's header that ends with ':' ends the header: after <c>if ok(x:</c> the indented
    /// lines below are the body, not more of the condition.
    /// </summary>
    private bool EndsCompoundHeader() =>
        lastSig == TK.Colon && firstSig is TK.If or TK.Elif or TK.While or TK.For or TK.With or TK.Def or TK.Class
            or TK.Async or TK.Except;

    private bool NextCodeLineStartsStatement()
    {
        if (p >= lookFrom && p <= lookTarget) return lookVerdict;
        int q = p;
        while (true)
        {
            q = SkipIndentation(q, out int col);
            if (q >= end) return Remember(q, false);
            char first = s[q];
            if (first == '#')
            {
                while (q < end && s[q] is not ('\n' or '\r')) q++;
                continue;
            }
            if (first is '\n' or '\r')
            {
                q += first == '\r' && q + 1 < end && s[q + 1] == '\n' ? 2 : 1;
                continue;
            }
            return Remember(q, col <= lineIndentCol && StartsStatement(q));
        }
    }

    /// <summary>Skips a line's leading blanks; <paramref name="col"/> is their width with tabs to multiples of 8.</summary>
    private int SkipIndentation(int q, out int col)
    {
        col = 0;
        while (q < end)
        {
            char c = s[q];
            if (c == ' ') col++;
            else if (c == '\t') col = (col / 8 + 1) * 8;
            else if (c == '\f') col = 0;
            else break;
            q++;
        }
        return q;
    }

    private bool Remember(int target, bool verdict)
    {
        lookFrom = p;
        lookTarget = target;
        lookVerdict = verdict;
        return verdict;
    }

    /// <summary>Whether the code at <paramref name="q"/> begins like a statement rather than like a continuation.</summary>
    private bool StartsStatement(int q)
    {
        char c = s[q];
        if (c is '(' or '[' or '{' or '@' or '\'' or '"' || char.IsAsciiDigit(c)) return true;
        if (c == '$') return q + 1 < end && s[q + 1] == '{';
        if (c == '.') return q + 1 < end && char.IsAsciiDigit(s[q + 1]);
        if (!(c == '_' || char.IsLetter(c))) return false;
        int w = q;
        while (w < end && (s[w] == '_' || char.IsLetterOrDigit(s[w]))) w++;
        // Operators spelt as words continue an expression; every other word (a name, a statement keyword, a string
        // prefix) can start a statement.
        return s.AsSpan(q, w - q) switch
        {
            "and" or "or" or "in" or "is" or "as" or "not" => false,
            _ => true,
        };
    }

    private void UnclosedBracketError()
    {
        var open = parens[^1];
        Error(open.Offset, 1, $"'{open.C}' was never closed");
    }

    private void Finish()
    {
        // At the end of the input inside a replacement field, CPython only sees the field's '{' never closed.
        if (frames.Count > 0 && !(frames[^1].IsField && !frames[^1].InSpec))
        {
            var f = frames[0];
            Error(f.Start, 1, f.Triple
                ? $"unterminated triple-quoted f-string literal (detected at line {EofLine()})"
                : $"unterminated f-string literal (detected at line {Line})", end);
        }
        frames.Clear();
        bool inBrackets = parens.Count > 0;
        if (inBrackets) UnclosedBracketError();
        foreach (var open in parens) neverClosedFound.Add(open.Offset);
        parens.Clear();
        if (lineHasTokens || inBrackets)
        {
            if (inBrackets) recovered.Add(toks.Count);
            Add(TK.Newline, end, end, "");
            lineHasTokens = false;
        }
        p = end;
        while (indCols.Count > 1) PopIndent();
        if (inBrackets) recovered.Add(toks.Count);
        Add(TK.EndOfFile, end, end, "");
    }

    /// <summary>CPython's "detected at line N" at end of input: a final line break does not start a new line.</summary>
    private int EofLine()
    {
        int line = Line;
        if (line > 1 && end > 0 && lineStarts[^1] == end) line--;
        return line;
    }

    // ───────────────────────────── one token ─────────────────────────────

    private void LexOne()
    {
        int start = p;
        char c = s[p];
        switch (c)
        {
            case ' ' or '\t' or '\f':
                p++;
                while (p < end && s[p] is ' ' or '\t' or '\f') p++;
                Add(TK.Whitespace, start, p, WhitespaceText(start, p));
                return;
            case '\n' or '\r':
                LexLineBreak();
                return;
            case '#':
            {
                int q = s.IndexOfAny(['\n', '\r'], p, end - p);
                p = q < 0 ? end : q;
                Add(TK.Comment, start, p, s.Substring(start, p - start));
                return;
            }
            case '\\':
                LexBackslash();
                return;
            case '"' or '\'':
                LexString(start);
                return;
            case '\0':
                p++;
                Error(start, 1, "source code cannot contain null bytes");
                Add(TK.Error, start, p, "\0");
                return;
        }
        if (char.IsAsciiDigit(c) || (c == '.' && p + 1 < end && char.IsAsciiDigit(s[p + 1])))
        {
            LexNumber();
            return;
        }
        if (char.IsAsciiLetter(c) || c == '_' || (c >= 0x80 && IsIdStart(p)))
        {
            LexName();
            return;
        }
        if (c == '$' && placeholders == PlaceholderSyntax.Pflow && p + 1 < end && s[p + 1] == '{')
        {
            LexPflowPlaceholder();
            return;
        }
        if (c == '{' && placeholders == PlaceholderSyntax.Voxworks && p + 1 < end && s[p + 1] == '{'
            && TryLexVoxworksPlaceholder())
        {
            return;
        }
        if (LexOperator()) return;
        LexBadCharacter();
    }

    private void LexBackslash()
    {
        int start = p;
        if (p + 1 < end && s[p + 1] is '\n' or '\r')
        {
            p++;
            char nl = s[p];
            int n = EatLineBreak();
            Add(TK.Continuation, start, p, n == 2 ? "\\\r\n" : nl == '\r' ? "\\\r" : "\\\n");
            if (p >= end)
            {
                Error(start, 1, "unexpected EOF while parsing");
            }
            return;
        }
        p++;
        if (p >= end) Error(start, 1, "unexpected EOF while parsing");
        else Error(p, 1, "unexpected character after line continuation character", start);
        Add(TK.Error, start, p, "\\");
    }

    private void LexBadCharacter()
    {
        int start = p;
        int len = char.IsHighSurrogate(s[p]) && p + 1 < end && char.IsLowSurrogate(s[p + 1]) ? 2 : 1;
        p += len;
        int cp = len == 2 ? char.ConvertToUtf32(s[start], s[start + 1]) : s[start];
        if (cp >= 0x80 || cp < 0x20 || cp == 0x7f)
        {
            Error(start, len, IsPrintable(cp)
                ? $"invalid character '{s.Substring(start, len)}' (U+{cp:X4})"
                : $"invalid non-printable character U+{cp:X4}");
        }
        // ASCII characters such as $, ? and ` are left for the parser, which calls them "invalid syntax".
        Add(TK.Error, start, p, s.Substring(start, len));
    }

    private static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        if (cp < 0x20 || cp == 0x7f) return false;
        var cat = cp <= 0xFFFF ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }

    private bool IsIdStart(int i)
    {
        var cat = CategoryAt(i, out _);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber;
    }

    private bool IsIdContinueNonAscii(int i, out int len)
    {
        var cat = CategoryAt(i, out len);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    private UnicodeCategory CategoryAt(int i, out int len)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(s[i + 1]))
        {
            len = 2;
            return CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1]));
        }
        len = 1;
        return CharUnicodeInfo.GetUnicodeCategory(c);
    }

    private void LexName()
    {
        int start = p;
        bool ascii = true;
        while (p < end)
        {
            char c = s[p];
            if (char.IsAsciiLetterOrDigit(c) || c == '_') { p++; continue; }
            if (c >= 0x80 && IsIdContinueNonAscii(p, out int len)) { p += len; ascii = false; continue; }
            break;
        }
        int n = p - start;
        // A string prefix (r, b, f, u and their two-letter combinations) right before a quote starts a string.
        if (n <= 2 && p < end && s[p] is '"' or '\'' && IsStringPrefix(start, n))
        {
            LexString(start);
            return;
        }
        if (ascii && n <= 8 && TokenKinds.Keywords.TryGetValue(s.AsSpan(start, n), out var kw))
        {
            Add(kw, start, p);
            return;
        }
        Add(TK.Name, start, p, Intern(start, p));
    }

    private bool IsStringPrefix(int start, int n)
    {
        char a = char.ToLowerInvariant(s[start]);
        if (n == 1) return a is 'r' or 'b' or 'f' or 'u';
        char b = char.ToLowerInvariant(s[start + 1]);
        return (a == 'r' && b is 'b' or 'f') || (b == 'r' && a is 'b' or 'f');
    }

    // ───────────────────────────── numbers ─────────────────────────────

    private void LexNumber()
    {
        int start = p;
        char c = s[p];
        if (c == '0' && p + 1 < end && s[p + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            char r = char.ToLowerInvariant(s[p + 1]);
            p += 2;
            string kind = r == 'x' ? "hexadecimal" : r == 'o' ? "octal" : "binary";
            bool any = false, bad = false;
            while (p < end)
            {
                char d = s[p];
                if (d == '_') { p++; if (p >= end || !IsRadixDigit(s[p], r)) { bad = true; break; } continue; }
                if (!IsRadixDigit(d, r)) break;
                any = true;
                p++;
            }
            if (!bad && any && p < end && char.IsAsciiDigit(s[p]))
            {
                Error(p, 1, $"invalid digit '{s[p]}' in {kind} literal");
                while (p < end && char.IsAsciiLetterOrDigit(s[p])) p++;
                Add(TK.Number, start, p, s.Substring(start, p - start));
                return;
            }
            if (bad || !any) { Error(p, 1, $"invalid {kind} literal"); }
            else CheckNumberEnd(start, kind);
            Add(TK.Number, start, p, s.Substring(start, p - start));
            return;
        }

        bool badUnderscore = false;
        bool isFloat = false;
        if (c != '.')
        {
            badUnderscore |= !Digits();
        }
        if (!badUnderscore && p < end && s[p] == '.')
        {
            isFloat = true;
            p++;
            if (p < end && char.IsAsciiDigit(s[p])) badUnderscore |= !Digits();
        }
        if (!badUnderscore && p < end && s[p] is 'e' or 'E')
        {
            int save = p;
            p++;
            if (p < end && s[p] is '+' or '-') p++;
            if (p < end && char.IsAsciiDigit(s[p]))
            {
                isFloat = true;
                badUnderscore |= !Digits();
            }
            else
            {
                // "1e" or "1e+": CPython points at the number.
                p = save;
                Error(start, 1, "invalid decimal literal");
                while (p < end && (char.IsAsciiLetterOrDigit(s[p]) || s[p] == '_')) p++;
                Add(TK.Number, start, p, s.Substring(start, p - start));
                return;
            }
        }
        bool imaginary = false;
        if (!badUnderscore && p < end && s[p] is 'j' or 'J') { p++; imaginary = true; }
        if (badUnderscore)
        {
            Error(p, 1, "invalid decimal literal");
        }
        else
        {
            if (!isFloat && !imaginary && c == '0')
            {
                // "0777": leading zeros are only allowed when every digit is zero.
                for (int i = start; i < p; i++)
                {
                    if (s[i] is >= '1' and <= '9')
                    {
                        Error(start + 1, 1,
                            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
                        break;
                    }
                }
            }
            CheckNumberEnd(start, "decimal");
        }
        Add(TK.Number, start, p, s.Substring(start, p - start));
    }

    /// <summary>Reads digits with single underscores between them; false when an underscore is misplaced.</summary>
    private bool Digits()
    {
        while (p < end)
        {
            char d = s[p];
            if (char.IsAsciiDigit(d)) { p++; continue; }
            if (d == '_')
            {
                p++;
                if (p >= end || !char.IsAsciiDigit(s[p])) return false;
                continue;
            }
            break;
        }
        return true;
    }

    private static bool IsRadixDigit(char d, char r) => r switch
    {
        'x' => char.IsAsciiHexDigit(d),
        'o' => d is >= '0' and <= '7',
        _ => d is '0' or '1',
    };

    /// <summary>
    /// A number directly followed by a name is an error ("1abc"), except before the keywords CPython still
    /// tolerates there (<c>1if x else y</c>).
    /// </summary>
    private void CheckNumberEnd(int start, string kind)
    {
        if (p >= end) return;
        char c = s[p];
        if (!(char.IsAsciiLetter(c) || c == '_' || (c >= 0x80 && IsIdStart(p)))) return;
        foreach (var kw in (ReadOnlySpan<string>)["and", "else", "for", "if", "in", "is", "not", "or"])
        {
            if (s.AsSpan(p, end - p).StartsWith(kw, StringComparison.Ordinal)) return;
        }
        Error(kind == "decimal" ? start : p, 1, $"invalid {kind} literal");
        while (p < end && (char.IsAsciiLetterOrDigit(s[p]) || s[p] == '_')) p++;
    }

    // ───────────────────────────── strings ─────────────────────────────

    private void LexString(int start)
    {
        bool isF = false, raw = false;
        for (int i = start; i < p; i++)
        {
            char c = char.ToLowerInvariant(s[i]);
            if (c == 'f') isF = true;
            else if (c == 'r') raw = true;
        }
        char q = s[p];
        bool triple = p + 2 < end && s[p + 1] == q && s[p + 2] == q;
        int qlen = triple ? 3 : 1;
        if (isF)
        {
            p += qlen;
            Add(TK.FStringStart, start, p, s.Substring(start, p - start));
            frames.Add(new Frame { Quote = q, Triple = triple, Raw = raw, Start = start });
            return;
        }
        p += qlen;
        while (true)
        {
            if (p >= end)
            {
                UnterminatedString(start, triple);
                return;
            }
            char c = s[p];
            if (c == q)
            {
                if (!triple) { p++; break; }
                if (p + 2 < end && s[p + 1] == q && s[p + 2] == q) { p += 3; break; }
                p++;
                continue;
            }
            if (c == '\\')
            {
                p++;
                if (p < end)
                {
                    if (s[p] is '\n' or '\r') EatLineBreak();
                    else p++;
                }
                continue;
            }
            if (c is '\n' or '\r')
            {
                if (!triple)
                {
                    UnterminatedString(start, false);
                    return;
                }
                EatLineBreak();
                continue;
            }
            p++;
        }
        Add(TK.String, start, p, s.Substring(start, p - start));
    }

    private void UnterminatedString(int start, bool triple)
    {
        // In a replacement field a string opened with the f-string's own quotes shows that the field's '}' is
        // missing (f"{x" + y), which is what CPython says.
        var field = frames.Count > 0 && frames[^1].IsField && !frames[^1].InSpec ? frames[^1] : null;
        int quoteAt = start;
        while (quoteAt < p && s[quoteAt] is not ('\'' or '"')) quoteAt++;
        if (field != null && quoteAt < end && s[quoteAt] == field.Quote && triple == field.Triple)
            Error(start, 1, "f-string: expecting '}'", p);
        else
            Error(start, 1, triple
                ? $"unterminated triple-quoted string literal (detected at line {EofLine()})"
                : $"unterminated string literal (detected at line {Line})", p);
        Add(TK.Error, start, p, s.Substring(start, p - start));
    }

    /// <summary>Lexes literal text of the innermost f-string (its body, or a field's format spec).</summary>
    private void LexFStringBody()
    {
        var top = frames[^1];
        Frame str = top;
        for (int i = frames.Count - 1; i >= 0; i--) if (!frames[i].IsField) { str = frames[i]; break; }
        bool spec = top.IsField;
        int start = p;
        while (true)
        {
            if (p >= end)
            {
                AddMiddle(start);
                return; // Finish reports the unterminated f-string.
            }
            char c = s[p];
            if (c == str.Quote && (!str.Triple || (p + 2 < end && s[p + 1] == c && s[p + 2] == c)))
            {
                AddMiddle(start);
                // The string may end inside a format spec (f"{x:>10"): the parser then reports the missing '}'.
                if (spec) PopFieldsDownTo(str);
                int qlen = str.Triple ? 3 : 1;
                Add(TK.FStringEnd, p, p + qlen, s.Substring(p, qlen));
                p += qlen;
                frames.RemoveAt(frames.Count - 1);
                return;
            }
            if (c == '\\' && !str.Raw)
            {
                // "\N{NAME}" is one escape: its braces are not a replacement field.
                if (p + 2 < end && s[p + 1] == 'N' && s[p + 2] == '{')
                {
                    int close = s.IndexOf('}', p + 3, end - p - 3);
                    int nl = s.IndexOfAny(['\n', '\r', str.Quote], p + 3, end - p - 3);
                    if (close >= 0 && (nl < 0 || close < nl))
                    {
                        p = close + 1;
                        continue;
                    }
                }
                p++;
                if (p < end && s[p] is not ('{' or '}'))
                {
                    if (s[p] is '\n' or '\r') EatLineBreak(); else p++;
                }
                continue;
            }
            if (c == '{')
            {
                if (!spec && p + 1 < end && s[p + 1] == '{') { p += 2; continue; }
                AddMiddle(start);
                parens.Add(new Open { C = '{', Offset = p });
                Add(TK.LBrace, p, p + 1);
                p++;
                frames.Add(new Frame
                {
                    IsField = true, Quote = str.Quote, Triple = str.Triple, Raw = str.Raw, ParenBase = parens.Count,
                    Start = str.Start,
                });
                return;
            }
            if (c == '}')
            {
                if (spec)
                {
                    AddMiddle(start);
                    CloseField();
                    return;
                }
                if (p + 1 < end && s[p + 1] == '}') { p += 2; continue; }
                Error(p, 1, "f-string: single '}' is not allowed");
                p++;
                continue;
            }
            if (c is '\n' or '\r')
            {
                if (!str.Triple)
                {
                    AddMiddle(start);
                    if (spec) Error(p, 1, "f-string: newlines are not allowed in format specifiers for single quoted f-strings");
                    else Error(str.Start, 1, $"unterminated f-string literal (detected at line {Line})", p);
                    PopFieldsDownTo(str);
                    frames.RemoveAt(frames.Count - 1);
                    return;
                }
                EatLineBreak();
                continue;
            }
            p++;
        }
    }

    private void AddMiddle(int start)
    {
        if (p > start) Add(TK.FStringMiddle, start, p, s.Substring(start, p - start));
    }

    /// <summary>Closes the innermost replacement field at its '}'.</summary>
    private void CloseField()
    {
        var top = frames[^1];
        while (parens.Count >= top.ParenBase && parens.Count > 0) parens.RemoveAt(parens.Count - 1);
        Add(TK.RBrace, p, p + 1);
        p++;
        frames.RemoveAt(frames.Count - 1);
    }

    private void PopFieldsDownTo(Frame str)
    {
        while (frames.Count > 0 && frames[^1] != str)
        {
            var f = frames[^1];
            while (parens.Count >= f.ParenBase && parens.Count > 0) parens.RemoveAt(parens.Count - 1);
            frames.RemoveAt(frames.Count - 1);
        }
    }

    // ───────────────────────────── placeholders ─────────────────────────────

    /// <summary><c>${node.path}</c>, with nested <c>${...}</c> allowed inside; it must close on its line.</summary>
    private void LexPflowPlaceholder()
    {
        int start = p;
        int depth = 0, q = p;
        while (q < end)
        {
            char c = s[q];
            if (c is '\n' or '\r') break;
            if (c == '$' && q + 1 < end && s[q + 1] == '{') { depth++; q += 2; continue; }
            if (c == '}') { depth--; q++; if (depth == 0) break; continue; }
            q++;
        }
        if (depth != 0)
        {
            // A template that never closes: the placeholder runs over the path after "${" and the pflow rule
            // reports it precisely (no generic syntax error here).
            q = p + 2;
            while (q < end && (char.IsAsciiLetterOrDigit(s[q]) || s[q] is '_' or '.' or '[' or ']')) q++;
            Add(TK.Placeholder, start, q, s.Substring(start, q - start));
            p = q;
            return;
        }
        p = q;
        Add(TK.Placeholder, start, p, s.Substring(start, p - start));
    }

    /// <summary><c>{{ns.path}}</c> on one line, with no braces or quotes inside; otherwise these are set braces.</summary>
    private bool TryLexVoxworksPlaceholder()
    {
        int q = p + 2;
        while (q < end)
        {
            char c = s[q];
            if (c == '}')
            {
                if (q + 1 < end && s[q + 1] == '}')
                {
                    int start = p;
                    p = q + 2;
                    Add(TK.Placeholder, start, p, s.Substring(start, p - start));
                    return true;
                }
                return false;
            }
            if (c is '{' or '\n' or '\r' or '"' or '\'' or '#') return false;
            q++;
        }
        return false;
    }

    // ───────────────────────────── operators ─────────────────────────────

    private bool LexOperator()
    {
        int start = p;
        char c = s[p];
        char n1 = p + 1 < end ? s[p + 1] : '\0';
        char n2 = p + 2 < end ? s[p + 2] : '\0';
        TK k;
        int len = 1;
        switch (c)
        {
            case '(': OpenBracket('('); Add(TK.LPar, start, ++p); return true;
            case '[': OpenBracket('['); Add(TK.LSqb, start, ++p); return true;
            case '{': OpenBracket('{'); Add(TK.LBrace, start, ++p); return true;
            case ')': CloseBracket('(', ')'); Add(TK.RPar, start, ++p); return true;
            case ']': CloseBracket('[', ']'); Add(TK.RSqb, start, ++p); return true;
            case '}': CloseBracket('{', '}'); Add(TK.RBrace, start, ++p); return true;
            case ',': k = TK.Comma; break;
            case ';': k = TK.Semi; break;
            case '~': k = TK.Tilde; break;
            case ':': if (n1 == '=') { k = TK.ColonEqual; len = 2; } else k = TK.Colon; break;
            case '.': if (n1 == '.' && n2 == '.') { k = TK.Ellipsis; len = 3; } else k = TK.Dot; break;
            case '@': if (n1 == '=') { k = TK.AtEqual; len = 2; } else k = TK.At; break;
            case '=': if (n1 == '=') { k = TK.EqEqual; len = 2; } else k = TK.Equal; break;
            case '!': if (n1 == '=') { k = TK.NotEqual; len = 2; } else k = TK.Exclamation; break;
            case '+': if (n1 == '=') { k = TK.PlusEqual; len = 2; } else k = TK.Plus; break;
            case '-':
                if (n1 == '=') { k = TK.MinusEqual; len = 2; }
                else if (n1 == '>') { k = TK.Arrow; len = 2; }
                else k = TK.Minus;
                break;
            case '*':
                if (n1 == '*') { if (n2 == '=') { k = TK.DoubleStarEqual; len = 3; } else { k = TK.DoubleStar; len = 2; } }
                else if (n1 == '=') { k = TK.StarEqual; len = 2; }
                else k = TK.Star;
                break;
            case '/':
                if (n1 == '/') { if (n2 == '=') { k = TK.DoubleSlashEqual; len = 3; } else { k = TK.DoubleSlash; len = 2; } }
                else if (n1 == '=') { k = TK.SlashEqual; len = 2; }
                else k = TK.Slash;
                break;
            case '%': if (n1 == '=') { k = TK.PercentEqual; len = 2; } else k = TK.Percent; break;
            case '&': if (n1 == '=') { k = TK.AmperEqual; len = 2; } else k = TK.Amper; break;
            case '|': if (n1 == '=') { k = TK.VBarEqual; len = 2; } else k = TK.VBar; break;
            case '^': if (n1 == '=') { k = TK.CircumflexEqual; len = 2; } else k = TK.Circumflex; break;
            case '<':
                if (n1 == '<') { if (n2 == '=') { k = TK.LShiftEqual; len = 3; } else { k = TK.LShift; len = 2; } }
                else if (n1 == '=') { k = TK.LessEqual; len = 2; }
                else if (n1 == '>') { k = TK.NotEqual; len = 2; } // "<>" only parses under barry_as_FLUFL; the parser rejects it
                else k = TK.Less;
                break;
            case '>':
                if (n1 == '>') { if (n2 == '=') { k = TK.RShiftEqual; len = 3; } else { k = TK.RShift; len = 2; } }
                else if (n1 == '=') { k = TK.GreaterEqual; len = 2; }
                else k = TK.Greater;
                break;
            default: return false;
        }
        p += len;
        Add(k, start, p, len == 2 && c == '<' && n1 == '>' ? "<>" : TokenKinds.TextOf(k));
        return true;
    }

    private void OpenBracket(char c)
    {
        if (parens.Count == 200)
        {
            Error(p, 1, "too many nested parentheses");
        }
        parens.Add(new Open { C = c, Offset = p });
    }

    private void CloseBracket(char open, char close)
    {
        int floor = frames.Count > 0 && frames[^1].IsField ? frames[^1].ParenBase : 0;
        if (parens.Count == 0)
        {
            Error(p, 1, $"unmatched '{close}'");
            return;
        }
        if (floor > 0 && parens.Count == floor && close != '}')
        {
            // The innermost opener is the replacement field's own '{'.
            Error(p, 1, $"f-string: unmatched '{close}'");
            return;
        }
        var top = parens[^1];
        if (top.C == open)
        {
            parens.RemoveAt(parens.Count - 1);
            return;
        }
        int openLine = LineOfOffset(top.Offset);
        Error(p, 1, openLine == Line
            ? $"closing parenthesis '{close}' does not match opening parenthesis '{top.C}'"
            : $"closing parenthesis '{close}' does not match opening parenthesis '{top.C}' on line {openLine}");
        // Recover by closing up to a matching opener when there is one above the current f-string field.
        for (int i = parens.Count - 1; i >= Math.Max(floor, 0); i--)
        {
            if (parens[i].C == open)
            {
                parens.RemoveRange(i, parens.Count - i);
                return;
            }
        }
        // No opener of this kind: the closer ends the innermost bracket, so the error is not reported twice.
        if (parens.Count > floor) parens.RemoveAt(parens.Count - 1);
    }

    private int LineOfOffset(int offset)
    {
        int lo = 0, hi = lineStarts.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lo + 1;
    }
}

/// <summary>Builds the text of a token list back (used by tests and tools to check round-tripping).</summary>
public static class TokenText
{
    public static string Concat(IEnumerable<Token> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens) sb.Append(t.Text);
        return sb.ToString();
    }
}
