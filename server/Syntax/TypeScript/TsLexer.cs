// The TypeScript/JavaScript tokenizer: one pass, never throws, and decides regex versus division from context.
using System.Text;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.TypeScript;

/// <summary>What a tokenization gives: every token in order (comments included) and the errors it saw.</summary>
public sealed class TsLexResult
{
    public required IReadOnlyList<TsToken> Tokens { get; init; }
    public required IReadOnlyList<TsSyntaxError> Errors { get; init; }
}

/// <summary>
/// Tokenizes TS/JS without JSX. A slash starts a regular expression when the previous token cannot end an
/// expression; the hard cases are a <c>)</c> (regex after <c>if (x)</c>, division after a call) and a <c>}</c>
/// (regex after a block, division after an object literal), so the lexer keeps two small stacks: which parens
/// belong to <c>if</c>/<c>while</c>/<c>for</c>/<c>with</c>, and what each open brace is (block, object literal or a
/// template's <c>${</c>). A <c>}</c> that closes a <c>${</c> resumes the template.
/// </summary>
public sealed class TsLexer
{
    private enum Brace { Block, Object, Template }

    private static readonly HashSet<string> RegexAfterKeywords = new(StringComparer.Ordinal)
    {
        "return", "typeof", "instanceof", "in", "new", "delete", "void", "throw", "case", "do", "else", "yield",
        "await",
    };

    /// <summary>Keywords after which a <c>{</c> is an object literal (an expression follows them).</summary>
    private static readonly HashSet<string> ExpressionKeywords = new(StringComparer.Ordinal)
    {
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "yield", "await",
    };

    private static readonly HashSet<string> ControlKeywords = new(StringComparer.Ordinal) { "if", "while", "for", "with" };

    private const string Punctuators1 = "{}()[];,<>+-*/%&|^!~?:=.@";

    /// <summary>Every punctuator's text, so a token's text is a shared string rather than a new one each time.</summary>
    private static readonly string[] AllPunctuators =
    [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=",
        "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
        "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?",
        ":", "=", ".", "@",
    ];

    private readonly string _text;
    private readonly List<TsToken> _tokens;
    // Token texts repeat (keywords, names, punctuators): one string per distinct text keeps the lexer from
    // allocating a string for every token.
    private readonly HashSet<string> _pool = new(AllPunctuators, StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;
    private readonly List<TsSyntaxError> _errors = [];
    private readonly Stack<Brace> _braces = new();
    private readonly Stack<bool> _parens = new(); // true: the paren follows if/while/for/with
    private readonly Stack<int> _templateStarts = new(); // offset of the opening backtick of each open template
    private int _pos;
    private bool _newline;
    // The last significant (non-comment) token and what it closed, for the regex decision.
    private TsToken? _last;
    private bool _lastClosedControlParen;
    private bool _lastClosedBlock;

    private TsLexer(string text)
    {
        _text = text;
        // Code has one token per two to four characters; sizing the list for the dense end avoids regrowth copies.
        _tokens = new List<TsToken>(text.Length / 2 + 16);
        _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static TsLexResult Tokenize(string text)
    {
        var lexer = new TsLexer(text ?? string.Empty);
        lexer.Run();
        return new TsLexResult { Tokens = lexer._tokens, Errors = lexer._errors };
    }

    private void Run()
    {
        // A #! line is allowed only at the very start of a file.
        if (_text.StartsWith("#!", StringComparison.Ordinal)) ScanLineComment();
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length) break;
            ScanToken();
        }
        _tokens.Add(new TsToken(TsTokenKind.EndOfFile, new TextSpan(_text.Length, 0), "", _newline ? TsTokenFlags.NewlineBefore : 0));
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is '\n' or '\r' or '\u2028' or '\u2029') { _newline = true; _pos++; }
            else if (c is ' ' or '\t' or '\v' or '\f' or '\u00A0' or '\uFEFF' || (c > 127 && char.IsWhiteSpace(c))) _pos++;
            else break;
        }
    }

    private void ScanToken()
    {
        int start = _pos;
        char c = _text[_pos];
        char next = Peek(1);
        if (c == '/' && next == '/') { ScanLineComment(); return; }
        if (c == '/' && next == '*') { ScanBlockComment(); return; }
        if (c is '"' or '\'') { ScanString(c); return; }
        if (c == '`') { _pos++; _templateStarts.Push(start); ScanTemplate(start, isHead: true); return; }
        if (IsDigit(c) || (c == '.' && IsDigit(next))) { ScanNumber(); return; }
        if (IsIdentifierStart(c) || (c == '\\' && next == 'u'))
        {
            ScanIdentifierRest();
            Add(TsTokenKind.Identifier, start);
            return;
        }
        if (c == '#' && _pos + 1 < _text.Length && IsIdentifierStart(next))
        {
            _pos++;
            ScanIdentifierRest();
            Add(TsTokenKind.PrivateName, start);
            return;
        }
        if (c == '/' && RegexAllowed()) { ScanRegex(); return; }
        if (c == '}' && _braces.Count > 0 && _braces.Peek() == Brace.Template)
        {
            _braces.Pop();
            _pos++;
            ScanTemplate(start, isHead: false);
            return;
        }
        if (ScanPunctuator()) return;

        // A character that starts no token: one error token per run of them keeps the error list short.
        _pos++;
        while (_pos < _text.Length && !IsTokenStartOrSpace(_text[_pos])) _pos++;
        Add(TsTokenKind.Error, start);
        _errors.Add(new TsSyntaxError(TextSpan.FromBounds(start, _pos), "Invalid character.", 1127));
    }

    private bool IsTokenStartOrSpace(char c) =>
        char.IsWhiteSpace(c) || IsIdentifierStart(c) || IsDigit(c) || Punctuators1.Contains(c) || c is '"' or '\'' or '`' or '#' or '\\';

    // ───────────── comments, strings, templates ─────────────

    private void ScanLineComment()
    {
        int start = _pos;
        while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r' or '\u2028' or '\u2029')) _pos++;
        Add(TsTokenKind.LineComment, start);
    }

    private void ScanBlockComment()
    {
        int start = _pos;
        int close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        bool terminated = close >= 0;
        _pos = terminated ? close + 2 : _text.Length;
        // A line break inside a comment counts as one for automatic semicolon insertion.
        if (_text.AsSpan(start, _pos - start).IndexOfAny('\n', '\r') >= 0) _newline = true;
        Add(TsTokenKind.BlockComment, start, terminated ? 0 : TsTokenFlags.Unterminated);
        // The compiler reports the missing end where it looked for it, at the end of the file.
        if (!terminated) _errors.Add(new TsSyntaxError(new TextSpan(_text.Length, 0), "'*/' expected.", 1010));
    }

    private void ScanString(char quote)
    {
        int start = _pos++;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == quote) { _pos++; Add(TsTokenKind.String, start); return; }
            if (c == '\\')
            {
                _pos++;
                // A backslash before a line break continues the string on the next line.
                if (_pos < _text.Length && _text[_pos] == '\r' && Peek(1) == '\n') _pos++;
                if (_pos < _text.Length) _pos++;
                continue;
            }
            if (c is '\n' or '\r') break;
            _pos++;
        }
        Add(TsTokenKind.String, start, TsTokenFlags.Unterminated);
        _errors.Add(new TsSyntaxError(TextSpan.FromBounds(start, _pos), "Unterminated string literal.", 1002));
    }

    /// <summary>
    /// Scans a template piece after its opening <c>`</c> (head) or <c>}</c> (continuation) up to and including
    /// the next <c>`</c> or <c>${</c>. A <c>${</c> pushes a template brace so the matching <c>}</c> comes back here.
    /// </summary>
    private void ScanTemplate(int start, bool isHead)
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '`')
            {
                _pos++;
                _templateStarts.TryPop(out _);
                Add(isHead ? TsTokenKind.Template : TsTokenKind.TemplateTail, start);
                return;
            }
            if (c == '$' && Peek(1) == '{')
            {
                _pos += 2;
                _braces.Push(Brace.Template);
                Add(isHead ? TsTokenKind.TemplateHead : TsTokenKind.TemplateMiddle, start);
                return;
            }
            _pos += c == '\\' ? 2 : 1;
        }
        _pos = _text.Length;
        Add(isHead ? TsTokenKind.Template : TsTokenKind.TemplateTail, start, TsTokenFlags.Unterminated);
        // The compiler reports the missing backtick where it looked for it, at the end of the file; the message
        // is the same either way, and the editor shows the rest of the file in string colour.
        _templateStarts.TryPop(out _);
        _errors.Add(new TsSyntaxError(new TextSpan(_text.Length, 0), "Unterminated template literal.", 1160));
    }

    // ───────────── numbers ─────────────

    private void ScanNumber()
    {
        int start = _pos;
        char c = _text[_pos];
        if (c == '0' && Peek(1) is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            char radix = char.ToLowerInvariant(Peek(1));
            _pos += 2;
            ScanDigits(radix == 'x' ? 16 : radix == 'o' ? 8 : 2);
        }
        else
        {
            ScanDigits(10);
            if (_pos < _text.Length && _text[_pos] == '.' && Peek(1) != '.') { _pos++; ScanDigits(10); }
            if (_pos < _text.Length && _text[_pos] is 'e' or 'E'
                && (IsDigit(Peek(1)) || (Peek(1) is '+' or '-' && IsDigit(Peek(2)))))
            {
                _pos += Peek(1) is '+' or '-' ? 2 : 1;
                ScanDigits(10);
            }
        }
        if (_pos < _text.Length && _text[_pos] == 'n') _pos++;
        if (_pos < _text.Length && (IsIdentifierStart(_text[_pos]) || IsDigit(_text[_pos])))
        {
            int bad = _pos;
            ScanIdentifierRest();
            _errors.Add(new TsSyntaxError(TextSpan.FromBounds(bad, _pos), "An identifier or keyword cannot immediately follow a numeric literal.", 1351));
        }
        Add(TsTokenKind.Number, start);
    }

    /// <summary>Digits of a radix with <c>_</c> separators, which must stand between two digits.</summary>
    private void ScanDigits(int radix)
    {
        bool lastWasDigit = false;
        bool any = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '_')
            {
                if (!lastWasDigit)
                {
                    bool consecutive = any && _text[_pos - 1] == '_';
                    _errors.Add(new TsSyntaxError(new TextSpan(_pos, 1), consecutive
                        ? "Multiple consecutive numeric separators are not permitted."
                        : "Numeric separators are not allowed here.", consecutive ? 6189 : 6188));
                }
                lastWasDigit = false;
                _pos++;
                continue;
            }
            if (!IsDigitOfRadix(c, radix)) break;
            lastWasDigit = true;
            any = true;
            _pos++;
        }
        if (any && !lastWasDigit) _errors.Add(new TsSyntaxError(new TextSpan(_pos - 1, 1), "Numeric separators are not allowed here.", 6188));
    }

    private static bool IsDigitOfRadix(char c, int radix) => radix switch
    {
        16 => IsDigit(c) || c is >= 'a' and <= 'f' or >= 'A' and <= 'F',
        8 => c is >= '0' and <= '7',
        2 => c is '0' or '1',
        _ => IsDigit(c),
    };

    // ───────────── regular expressions ─────────────

    /// <summary>
    /// True when a <c>/</c> here starts a regular expression: when the previous token cannot end an expression.
    /// <example><c>if (x) /re/.test(y)</c> is a regex (the paren closed an <c>if</c>); <c>f(x) / 2</c> divides.</example>
    /// </summary>
    private bool RegexAllowed()
    {
        if (_last is not { } last) return true;
        switch (last.Kind)
        {
            case TsTokenKind.Identifier:
                return RegexAfterKeywords.Contains(last.Text);
            case TsTokenKind.Punctuator:
                return last.Text switch
                {
                    ")" => _lastClosedControlParen,
                    "]" => false,
                    "}" => _lastClosedBlock,
                    "++" or "--" => false,
                    _ => true,
                };
            case TsTokenKind.Error:
                return true;
            default:
                // Numbers, strings, templates, regexes and private names all end an expression.
                return false;
        }
    }

    private void ScanRegex()
    {
        int start = _pos++;
        bool inClass = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is '\n' or '\r') break;
            if (c == '\\') { _pos += 2; continue; }
            if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            else if (c == '/' && !inClass)
            {
                _pos++;
                while (_pos < _text.Length && IsIdentifierPart(_text[_pos])) _pos++;
                Add(TsTokenKind.Regex, start);
                return;
            }
            _pos++;
        }
        _pos = Math.Min(_pos, _text.Length);
        Add(TsTokenKind.Regex, start, TsTokenFlags.Unterminated);
        _errors.Add(new TsSyntaxError(TextSpan.FromBounds(start, _pos), "Unterminated regular expression literal.", 1161));
    }

    // ───────────── punctuators and brackets ─────────────

    private bool ScanPunctuator()
    {
        int start = _pos;
        int length = PunctuatorLength();
        if (length == 0) return false;
        string p = Intern(_text.AsSpan(_pos, length));
        _pos += p.Length;

        var flags = TsTokenFlags.None;
        bool closedControl = false, closedBlock = false;
        switch (p)
        {
            case "(":
                _parens.Push(_last is { Kind: TsTokenKind.Identifier } l && ControlKeywords.Contains(l.Text));
                break;
            case ")":
                closedControl = _parens.Count > 0 && _parens.Pop();
                break;
            case "{":
                var kind = OpeningBraceKind();
                _braces.Push(kind);
                if (kind == Brace.Block) flags |= TsTokenFlags.BlockBrace;
                break;
            case "}":
                closedBlock = _braces.Count == 0 || _braces.Pop() == Brace.Block;
                break;
        }
        Add(TsTokenKind.Punctuator, start, flags, p);
        _lastClosedControlParen = closedControl;
        _lastClosedBlock = closedBlock;
        return true;
    }

    /// <summary>The length of the longest punctuator at the current position, or 0 when none starts here.</summary>
    private int PunctuatorLength()
    {
        char c = _text[_pos], n1 = Peek(1), n2 = Peek(2), n3 = Peek(3);
        switch (c)
        {
            case '.': return n1 == '.' && n2 == '.' ? 3 : 1;
            case '<': return n1 == '<' ? (n2 == '=' ? 3 : 2) : n1 == '=' ? 2 : 1;
            case '>':
                if (n1 == '>') return n2 == '>' ? (n3 == '=' ? 4 : 3) : n2 == '=' ? 3 : 2;
                return n1 == '=' ? 2 : 1;
            case '=': return n1 == '=' ? (n2 == '=' ? 3 : 2) : n1 == '>' ? 2 : 1;
            case '!': return n1 == '=' ? (n2 == '=' ? 3 : 2) : 1;
            case '+': return n1 is '+' or '=' ? 2 : 1;
            case '-': return n1 is '-' or '=' ? 2 : 1;
            case '*': return n1 == '*' ? (n2 == '=' ? 3 : 2) : n1 == '=' ? 2 : 1;
            case '&': return n1 == '&' ? (n2 == '=' ? 3 : 2) : n1 == '=' ? 2 : 1;
            case '|': return n1 == '|' ? (n2 == '=' ? 3 : 2) : n1 == '=' ? 2 : 1;
            case '?':
                if (n1 == '?') return n2 == '=' ? 3 : 2;
                // "?." followed by a digit is a conditional and a number: a?.5:b.
                return n1 == '.' && !IsDigit(n2) ? 2 : 1;
            case '/' or '%' or '^': return n1 == '=' ? 2 : 1;
            default: return Punctuators1.Contains(c) ? 1 : 0;
        }
    }

    private string Intern(ReadOnlySpan<char> text)
    {
        if (_poolLookup.TryGetValue(text, out var existing)) return existing;
        string s = text.ToString();
        _pool.Add(s);
        return s;
    }

    /// <summary>
    /// Whether a <c>{</c> opens a block or an object literal, from the token before it: after an operator, a
    /// comma, an opening bracket or an expression keyword an expression is expected, so it is an object.
    /// </summary>
    private Brace OpeningBraceKind()
    {
        if (_last is not { } last) return Brace.Block;
        if (last.Kind == TsTokenKind.Identifier) return ExpressionKeywords.Contains(last.Text) ? Brace.Object : Brace.Block;
        if (last.Kind != TsTokenKind.Punctuator) return Brace.Block;
        return last.Text switch
        {
            ")" or "]" or "}" or ";" or "=>" or "{" => Brace.Block,
            _ => Brace.Object,
        };
    }

    // ───────────── identifiers and helpers ─────────────

    private void ScanIdentifierRest()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (IsIdentifierPart(c)) _pos++;
            else if (c == '\\' && Peek(1) == 'u') _pos += 2;
            else break;
        }
    }

    private void Add(TsTokenKind kind, int start, TsTokenFlags flags = 0, string? text = null)
    {
        if (_newline) flags |= TsTokenFlags.NewlineBefore;
        text ??= kind is TsTokenKind.Identifier or TsTokenKind.PrivateName ? Intern(_text.AsSpan(start, _pos - start)) : _text.Substring(start, _pos - start);
        var token = new TsToken(kind, TextSpan.FromBounds(start, _pos), text, flags);
        _tokens.Add(token);
        if (!token.IsComment)
        {
            _newline = false;
            _last = token;
            _lastClosedBlock = false;
            _lastClosedControlParen = false;
        }
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or '$' || (c > 127 && (char.IsLetter(c) || char.IsSurrogate(c)));

    private static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || IsDigit(c) || (c > 127 && (char.IsLetterOrDigit(c) || c is '\u200C' or '\u200D'
            || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark
                or System.Globalization.UnicodeCategory.ConnectorPunctuation));

    /// <summary>
    /// The value of a string literal token (quotes removed, common escapes decoded); for a template without
    /// substitutions, its raw inside. Used for module names and keys, which rarely hold escapes.
    /// </summary>
    public static string StringValue(TsToken token)
    {
        string t = token.Text;
        if (t.Length < 2) return "";
        int end = (token.Flags & TsTokenFlags.Unterminated) != 0 ? t.Length : t.Length - 1;
        var inner = t.AsSpan(1, Math.Max(0, end - 1));
        if (inner.IndexOf('\\') < 0) return inner.ToString();
        var sb = new StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c != '\\' || i + 1 >= inner.Length) { sb.Append(c); continue; }
            char e = inner[++i];
            sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', 'b' => '\b', 'f' => '\f', 'v' => '\v', _ => e });
        }
        return sb.ToString();
    }
}
