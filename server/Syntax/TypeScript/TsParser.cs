// The TypeScript/JavaScript syntax checker: a recursive-descent recognizer that reports the TypeScript compiler's syntax errors.
using System.Runtime.CompilerServices;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.TypeScript;

/// <summary>
/// Reads a whole TS/JS file with the grammar of the TypeScript compiler's parser (typescript 5.9, .ts files, no
/// JSX) and reports its syntax errors: the compiler's messages, codes and positions. It builds no tree; the outline
/// (<see cref="TsOutlineParser"/>) keeps answering what the Stack AI checks ask. The structure follows the
/// compiler's parser on purpose, because where the first error lands depends on its recovery rules: lists are
/// parsed with a stack of parsing contexts, and a token that fits no element of the current list either ends it
/// (when some enclosing list can use it) or is skipped with the list's own message ("Argument expression
/// expected."). Two errors at one position are reported once. Lookahead and speculation (arrow functions, type
/// arguments in calls) save and restore the position and the error count, as the compiler's tryParse does.
/// </summary>
public sealed class TsParser
{
    private const int MaxErrors = 100;
    private const int MaxDepth = 400;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
        "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
    };

    private static readonly HashSet<string> ModifierKeywords = new(StringComparer.Ordinal)
    {
        "abstract", "accessor", "async", "const", "declare", "default", "export", "in", "out", "override", "private",
        "protected", "public", "readonly", "static",
    };

    private static readonly HashSet<string> BinaryOperators = new(StringComparer.Ordinal)
    {
        "??", "||", "&&", "|", "^", "&", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "instanceof", "in", "<<", ">>",
        ">>>", "+", "-", "*", "/", "%", "**", "as", "satisfies",
    };

    private static readonly HashSet<string> AssignmentOperators = new(StringComparer.Ordinal)
    {
        "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??=",
    };

    /// <summary>Keywords the compiler suggests for a mistyped word at the start of a statement ("Did you mean 'function'?").</summary>
    private static readonly string[] KeywordSuggestions =
    [
        "abstract", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "declare", "default",
        "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements",
        "import", "in", "instanceof", "interface", "let", "namespace", "new", "null", "private", "protected", "public",
        "readonly", "return", "static", "super", "switch", "this", "throw", "true", "try", "type", "typeof", "var",
        "void", "while", "with", "yield",
    ];

    /// <summary>What a token's text is, looked up once per token so the parser's many questions are array reads.</summary>
    [Flags]
    private enum TokenClass : byte { None = 0, Reserved = 1, Binary = 2, Assignment = 4, Modifier = 8 }

    private static readonly Dictionary<string, TokenClass> Classes = BuildClasses();

    private static Dictionary<string, TokenClass> BuildClasses()
    {
        var classes = new Dictionary<string, TokenClass>(StringComparer.Ordinal);
        void Mark(IEnumerable<string> words, TokenClass c)
        {
            foreach (var w in words) classes[w] = classes.GetValueOrDefault(w) | c;
        }
        Mark(Reserved, TokenClass.Reserved);
        Mark(BinaryOperators, TokenClass.Binary);
        Mark(AssignmentOperators, TokenClass.Assignment);
        Mark(ModifierKeywords, TokenClass.Modifier);
        return classes;
    }

    /// <summary>The compiler's parsing contexts: which list is being read. Each is a bit of <see cref="_contexts"/>.</summary>
    private enum Ctx
    {
        SourceElements, BlockStatements, SwitchClauses, SwitchClauseStatements, TypeMembers, ClassMembers, EnumMembers,
        HeritageClauseElement, VariableDeclarations, ObjectBindingElements, ArrayBindingElements, ArgumentExpressions,
        ObjectLiteralMembers, ArrayLiteralMembers, Parameters, TypeParameters, TypeArguments, TupleElementTypes,
        HeritageClauses, ImportOrExportSpecifiers, ImportAttributes, Count,
    }

    private readonly string _text;
    private readonly TsToken[] _t;
    /// <summary>
    /// How many '&gt;' of the current token (<c>&gt;&gt;</c>, <c>&gt;=</c>, ...) a type argument list has already
    /// closed. The compiler's scanner makes a single '&gt;' and its parser re-joins '&gt;&gt;' where an operator is
    /// expected; our tokenizer joins them, so closing <c>Array&lt;Array&lt;T&gt;&gt;</c> takes them one by one.
    /// </summary>
    private int _gt;
    private readonly TokenClass[] _class;
    private readonly int _eof;
    private readonly List<TsSyntaxError> _errors = [];
    private int _p;
    private int _contexts;
    private int _depth;
    private bool _disallowIn;
    private bool _inGenerator;
    private bool _inAsync;
    private bool _inDecorator;
    private bool _disallowConditionalTypes;
    private bool _tooDeep;

    private TsParser(string text, TsToken[] significant)
    {
        _text = text;
        _t = significant;
        _eof = _t.Length - 1;
        _class = new TokenClass[_t.Length];
        for (int i = 0; i < _t.Length; i++)
            if (_t[i].Kind is TsTokenKind.Identifier or TsTokenKind.Punctuator && Classes.TryGetValue(_t[i].Text, out var c)) _class[i] = c;
        _statement = ParseStatement;
        _argument = ParseArgument;
        _arrayElement = ParseArrayElement;
        _objectMember = ParseObjectLiteralElement;
        _parameter = ParseParameter;
        _type = ParseType;
    }

    /// <summary>
    /// The syntax errors of <paramref name="text"/>, the tokenizer's included, in source order: what the TypeScript
    /// compiler's parser reports for the same text read as a .ts file. Never throws.
    /// </summary>
    public static IReadOnlyList<TsSyntaxError> Check(string text, TsLexResult lexed) =>
        Check(text, lexed.Tokens.Where(t => !t.IsComment).ToArray(), lexed.Errors);

    /// <summary>
    /// As <see cref="Check(string, TsLexResult)"/>, from the significant tokens (no comments, ending with the
    /// end-of-file token) that the outline already holds, so a caller reading both does not copy them again.
    /// </summary>
    public static IReadOnlyList<TsSyntaxError> Check(string text, TsToken[] significant, IReadOnlyList<TsSyntaxError> lexErrors)
    {
        var parser = new TsParser(text ?? string.Empty, significant);
        parser.ParseSourceFile();
        // The compiler reports a scanner error and a parser error at the same position once; the scanner's comes first.
        var all = new List<TsSyntaxError>(lexErrors);
        if (parser._errors.Count > 0)
        {
            var starts = new HashSet<int>(all.Select(e => e.Span.Start));
            foreach (var e in parser._errors)
                if (starts.Add(e.Span.Start)) all.Add(e);
            all.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        }
        if (all.Count > MaxErrors) all.RemoveRange(MaxErrors, all.Count - MaxErrors);
        return all;
    }

    /// <summary>Tokenizes and checks <paramref name="text"/>.</summary>
    public static IReadOnlyList<TsSyntaxError> Check(string text) => Check(text ?? string.Empty, TsLexer.Tokenize(text ?? string.Empty));

    // ───────────────────────────── tokens ─────────────────────────────

    // Delegates of the list elements parsed most often, made once rather than on every list.
    private readonly Action _statement, _argument, _arrayElement, _objectMember, _parameter, _type;

    private ref readonly TsToken T => ref _t[_p];
    private string X => _gt == 0 ? _t[_p].Text : _t[_p].Text[_gt..];
    private bool NL => _gt == 0 && _t[_p].NewlineBefore;
    private bool AtEof => _p >= _eof;

    private void Next()
    {
        _gt = 0;
        if (_p < _eof) _p++;
    }

    /// <summary>The current token is, or starts with, a '&gt;' (as the compiler's scanner would see it in a type).</summary>
    private bool IsGt => T.Kind == TsTokenKind.Punctuator && _t[_p].Text.Length > _gt && _t[_p].Text[_gt] == '>';

    /// <summary>Consumes one '&gt;' closing a type argument or parameter list, else reports "'&gt;' expected.".</summary>
    private bool ExpectedGt()
    {
        if (!IsGt) return Expected(">");
        _gt++;
        if (_gt >= _t[_p].Text.Length) Next();
        return true;
    }

    private ref readonly TsToken At(int i) => ref _t[Math.Min(i, _eof)];
    private TokenClass Class => _gt == 0 ? _class[_p] : Classes.GetValueOrDefault(X);
    private bool IsReservedWord => (_class[_p] & TokenClass.Reserved) != 0;
    private bool IsModifierWord => T.Kind == TsTokenKind.Identifier && (_class[_p] & TokenClass.Modifier) != 0;

    /// <summary>The current token is the punctuator or keyword <paramref name="s"/> (never a string literal with that text).</summary>
    private bool Is(string s) => _gt == 0 ? _t[_p].Is(s) : X == s;
    private bool IsAt(int i, string s) => At(i).Is(s);

    private bool IsIdentOrKeyword => T.Kind == TsTokenKind.Identifier;
    private bool IsIdentOrKeywordAt(int i) => At(i).Kind == TsTokenKind.Identifier;

    /// <summary>An identifier that is not a reserved word (<c>yield</c> and <c>await</c> count as identifiers, as in scripts).</summary>
    private bool IsIdentifier => T.Kind == TsTokenKind.Identifier && (_class[_p] & TokenClass.Reserved) == 0;
    private bool IsIdentifierAt(int i) => At(i).Kind == TsTokenKind.Identifier && (_class[Math.Min(i, _eof)] & TokenClass.Reserved) == 0;

    private bool Optional(string s)
    {
        if (!Is(s)) return false;
        Next();
        return true;
    }

    private bool CanParseSemicolon() => Is(";") || Is("}") || AtEof || NL;

    private bool TryParseSemicolon()
    {
        if (!CanParseSemicolon()) return false;
        Optional(";");
        return true;
    }

    private void ParseSemicolon()
    {
        if (!TryParseSemicolon()) Expected(";");
    }

    /// <summary>The compiler's parseExpected: consumes <paramref name="s"/>, else reports "'s' expected." at the current token.</summary>
    private bool Expected(string s, string? message = null, int code = 1005)
    {
        if (Optional(s)) return true;
        ErrorAtCurrent(message ?? $"'{s}' expected.", message is null ? 1005 : code);
        return false;
    }

    // ───────────────────────────── errors and speculation ─────────────────────────────

    private void ErrorAt(int start, int end, string message, int code)
    {
        // The compiler drops an error at the position of the previous one: one mistake, one message.
        if (_errors.Count > 0 && _errors[^1].Span.Start == start) return;
        if (_errors.Count >= MaxErrors * 2) return;
        _errors.Add(new TsSyntaxError(TextSpan.FromBounds(start, Math.Max(start, end)), message, code));
    }

    private void ErrorAtCurrent(string message, int code) => ErrorAt(T.Span.Start + _gt, T.Span.End, message, code);

    /// <summary>
    /// An error for a missing node: at the current token, or, at the end of the file, just after the last token
    /// (the compiler's createMissingNode reports there, so the error stays on the line the text ends with).
    /// </summary>
    private void ErrorMissing(string message, int code)
    {
        if (AtEof)
        {
            int end = _eof > 0 ? _t[_eof - 1].Span.End : 0;
            ErrorAt(end, end, message, code);
        }
        else
        {
            ErrorAtCurrent(message, code);
        }
    }

    private readonly record struct State(int P, int Gt, int Errors, bool DisallowIn, bool InGenerator, bool InAsync, bool NoConditional, int Contexts, bool TooDeep);

    private State Save() => new(_p, _gt, _errors.Count, _disallowIn, _inGenerator, _inAsync, _disallowConditionalTypes, _contexts, _tooDeep);

    private void Restore(State s)
    {
        _p = s.P;
        _gt = s.Gt;
        if (_errors.Count > s.Errors) _errors.RemoveRange(s.Errors, _errors.Count - s.Errors);
        _disallowIn = s.DisallowIn;
        _inGenerator = s.InGenerator;
        _inAsync = s.InAsync;
        _disallowConditionalTypes = s.NoConditional;
        _contexts = s.Contexts;
        _tooDeep = s.TooDeep;
    }

    /// <summary>Runs <paramref name="probe"/> and always goes back to where it started (the compiler's lookAhead).</summary>
    private bool LookAhead(Func<bool> probe)
    {
        var s = Save();
        bool result = probe();
        Restore(s);
        return result;
    }

    /// <summary>Runs <paramref name="parse"/>; when it returns false, everything it read and reported is undone (tryParse).</summary>
    private bool TryParse(Func<bool> parse)
    {
        var s = Save();
        bool ok = parse();
        if (!ok) Restore(s);
        return ok;
    }

    /// <summary>Enters one level of nesting; false when the text is nested too deeply to read safely.</summary>
    private bool Deeper()
    {
        _depth++;
        // The stack check is cheap but not free; every 16 levels is often enough for the frames in between.
        if (_depth <= MaxDepth && ((_depth & 15) != 0 || RuntimeHelpers.TryEnsureSufficientExecutionStack())) return true;
        if (!_tooDeep)
        {
            _tooDeep = true;
            ErrorAtCurrent("The code is nested too deeply to check.", 0);
        }
        return false;
    }

    // ───────────────────────────── lists ─────────────────────────────

    private bool IsListTerminator(Ctx kind)
    {
        if (AtEof) return true;
        switch (kind)
        {
            case Ctx.BlockStatements or Ctx.SwitchClauses or Ctx.TypeMembers or Ctx.ClassMembers or Ctx.EnumMembers
                or Ctx.ObjectLiteralMembers or Ctx.ObjectBindingElements or Ctx.ImportOrExportSpecifiers or Ctx.ImportAttributes:
                return Is("}");
            case Ctx.SwitchClauseStatements: return Is("}") || Is("case") || Is("default");
            case Ctx.HeritageClauseElement: return Is("{") || Is("extends") || Is("implements");
            case Ctx.VariableDeclarations: return CanParseSemicolon() || Is("in") || Is("of") || Is("=>");
            case Ctx.TypeParameters: return IsGt || Is("(") || Is("{") || Is("extends") || Is("implements");
            case Ctx.ArgumentExpressions: return Is(")") || Is(";");
            case Ctx.ArrayLiteralMembers or Ctx.TupleElementTypes or Ctx.ArrayBindingElements: return Is("]");
            case Ctx.Parameters: return Is(")") || Is("]");
            case Ctx.TypeArguments: return !Is(",");
            case Ctx.HeritageClauses: return Is("{") || Is("}");
            default: return false;
        }
    }

    private bool IsListElement(Ctx kind, bool inErrorRecovery)
    {
        switch (kind)
        {
            case Ctx.SourceElements or Ctx.BlockStatements or Ctx.SwitchClauseStatements:
                return !(Is(";") && inErrorRecovery) && IsStartOfStatement();
            case Ctx.SwitchClauses: return Is("case") || Is("default");
            case Ctx.TypeMembers: return LookAhead(IsTypeMemberStart);
            case Ctx.ClassMembers: return LookAhead(IsClassMemberStart) || (Is(";") && !inErrorRecovery);
            case Ctx.EnumMembers: return Is("[") || IsLiteralPropertyName();
            case Ctx.ObjectLiteralMembers:
                return Is("[") || Is("*") || Is("...") || Is(".") || IsLiteralPropertyName();
            case Ctx.ObjectBindingElements: return Is("[") || Is("...") || IsLiteralPropertyName();
            case Ctx.HeritageClauseElement:
                if (Is("{")) return false;
                return inErrorRecovery ? IsIdentifier && !IsHeritageKeyword() : IsStartOfLeftHandSideExpression() && !IsHeritageKeyword();
            case Ctx.VariableDeclarations: return IsBindingIdentifierOrPattern();
            case Ctx.ArrayBindingElements: return Is(",") || Is("...") || IsBindingIdentifierOrPattern();
            case Ctx.TypeParameters: return Is("in") || Is("const") || IsIdentifier;
            case Ctx.ArrayLiteralMembers:
                return Is(",") || Is(".") || Is("...") || IsStartOfExpression();
            case Ctx.ArgumentExpressions: return Is("...") || IsStartOfExpression();
            case Ctx.Parameters: return IsStartOfParameter();
            case Ctx.TypeArguments or Ctx.TupleElementTypes: return Is(",") || IsStartOfType(false);
            case Ctx.HeritageClauses: return IsHeritageKeyword();
            case Ctx.ImportOrExportSpecifiers:
                if (Is("from") && At(_p + 1).Kind == TsTokenKind.String) return false;
                return IsIdentOrKeyword || T.Kind == TsTokenKind.String;
            case Ctx.ImportAttributes: return IsIdentOrKeyword || T.Kind == TsTokenKind.String;
            default: return false;
        }
    }

    private bool IsHeritageKeyword() => Is("extends") || Is("implements");

    private bool IsInSomeParsingContext()
    {
        for (int k = 0; k < (int)Ctx.Count; k++)
        {
            if ((_contexts & (1 << k)) == 0) continue;
            if (IsListElement((Ctx)k, inErrorRecovery: true) || IsListTerminator((Ctx)k)) return true;
        }
        return false;
    }

    private void ListError(Ctx kind)
    {
        switch (kind)
        {
            case Ctx.SourceElements or Ctx.BlockStatements:
                ErrorAtCurrent("Declaration or statement expected.", 1128); break;
            case Ctx.SwitchClauses: ErrorAtCurrent("'case' or 'default' expected.", 1130); break;
            case Ctx.SwitchClauseStatements: ErrorAtCurrent("Statement expected.", 1129); break;
            case Ctx.TypeMembers: ErrorAtCurrent("Property or signature expected.", 1131); break;
            case Ctx.ClassMembers: ErrorAtCurrent("Unexpected token. A constructor, method, accessor, or property was expected.", 1068); break;
            case Ctx.EnumMembers: ErrorAtCurrent("Enum member expected.", 1132); break;
            case Ctx.HeritageClauseElement: ErrorAtCurrent("Expression expected.", 1109); break;
            case Ctx.VariableDeclarations:
                if (IsIdentOrKeyword && IsReservedWord) ErrorAtCurrent($"'{X}' is not allowed as a variable declaration name.", 1389);
                else ErrorAtCurrent("Variable declaration expected.", 1134);
                break;
            case Ctx.ObjectBindingElements: ErrorAtCurrent("Property destructuring pattern expected.", 1180); break;
            case Ctx.ArrayBindingElements: ErrorAtCurrent("Array element destructuring pattern expected.", 1181); break;
            case Ctx.ArgumentExpressions: ErrorAtCurrent("Argument expression expected.", 1135); break;
            case Ctx.ObjectLiteralMembers: ErrorAtCurrent("Property assignment expected.", 1136); break;
            case Ctx.ArrayLiteralMembers: ErrorAtCurrent("Expression or comma expected.", 1137); break;
            case Ctx.Parameters:
                if (IsIdentOrKeyword && IsReservedWord) ErrorAtCurrent($"'{X}' is not allowed as a parameter name.", 1390);
                else ErrorAtCurrent("Parameter declaration expected.", 1138);
                break;
            case Ctx.TypeParameters: ErrorAtCurrent("Type parameter declaration expected.", 1139); break;
            case Ctx.TypeArguments: ErrorAtCurrent("Type argument expected.", 1140); break;
            case Ctx.TupleElementTypes: ErrorAtCurrent("Type expected.", 1110); break;
            case Ctx.HeritageClauses: ErrorAtCurrent("'{' expected.", 1005); break;
            case Ctx.ImportOrExportSpecifiers:
                if (Is("from")) ErrorAtCurrent("'}' expected.", 1005); else ErrorAtCurrent("Identifier expected.", 1003);
                break;
            case Ctx.ImportAttributes: ErrorAtCurrent("Identifier or string literal expected.", 1478); break;
        }
    }

    /// <summary>True when the list should stop here (an enclosing list can use the token); otherwise the token is skipped.</summary>
    private bool AbortListOrSkip(Ctx kind)
    {
        ListError(kind);
        if (IsInSomeParsingContext()) return true;
        Next();
        return false;
    }

    /// <summary>The compiler's parseList: elements with no separator, up to the list's terminator.</summary>
    private void ParseList(Ctx kind, Action element)
    {
        int saved = _contexts;
        _contexts |= 1 << (int)kind;
        while (!IsListTerminator(kind))
        {
            if (_tooDeep) { _p = _eof; break; }
            if (IsListElement(kind, false))
            {
                int before = _p;
                element();
                if (_p == before) Next(); // a safety net: every round consumes something
                continue;
            }
            if (AbortListOrSkip(kind)) break;
        }
        _contexts = saved;
    }

    /// <summary>The compiler's parseDelimitedList: comma-separated elements; a missing comma is "',' expected.".</summary>
    private void ParseDelimitedList(Ctx kind, Action element, bool semicolonAsDelimiter = false)
    {
        int saved = _contexts;
        _contexts |= 1 << (int)kind;
        while (true)
        {
            if (_tooDeep) { _p = _eof; break; }
            if (IsListElement(kind, false))
            {
                int start = _p;
                element();
                if (Optional(",")) continue;
                if (IsListTerminator(kind)) break;
                Expected(",", kind == Ctx.EnumMembers ? "An enum member name must be followed by a ',', '=', or '}'." : null, 1357);
                if (semicolonAsDelimiter && Is(";") && !NL) Next();
                if (start == _p) Next();
                continue;
            }
            if (IsListTerminator(kind)) break;
            if (AbortListOrSkip(kind)) break;
        }
        _contexts = saved;
    }

    // ───────────────────────────── statements ─────────────────────────────

    private void ParseSourceFile()
    {
        ParseList(Ctx.SourceElements, _statement);
    }

    private bool IsStartOfStatement()
    {
        switch (T.Kind)
        {
            case TsTokenKind.Punctuator:
                if (X is "@" or ";" or "{") return true;
                break;
            case TsTokenKind.Identifier:
                switch (X)
                {
                    case "var" or "let" or "function" or "class" or "enum" or "if" or "do" or "while" or "for" or "continue"
                        or "break" or "return" or "with" or "switch" or "throw" or "try" or "debugger" or "catch" or "finally":
                        return true;
                    case "import": return IsStartOfDeclaration() || LookAhead(() => { Next(); return Is("(") || Is("<") || Is("."); });
                    case "const" or "export": return IsStartOfDeclaration();
                    // When these start no declaration, they are a name in an expression statement.
                    case "async" or "declare" or "interface" or "type" or "module" or "namespace" or "global":
                        return true;
                    // These may start a class member when a name follows on the same line.
                    case "accessor" or "public" or "private" or "protected" or "static" or "readonly":
                        return IsStartOfDeclaration() || !LookAhead(() => { Next(); return IsIdentOrKeyword && !NL; });
                }
                break;
        }
        return IsStartOfExpression();
    }

    private bool IsStartOfDeclaration() => LookAhead(IsDeclarationAhead);

    private bool IsDeclarationAhead()
    {
        while (true)
        {
            if (!IsIdentOrKeyword) return false;
            switch (X)
            {
                case "var" or "let" or "const" or "function" or "class" or "enum": return true;
                case "using": return IsUsingDeclarationAhead();
                case "await": Next(); return Is("using") && !NL && IsUsingDeclarationAhead();
                case "interface" or "type": Next(); return IsIdentifier && !NL;
                case "module" or "namespace": Next(); return !NL && (IsIdentOrKeyword || T.Kind == TsTokenKind.String);
                case "abstract" or "accessor" or "async" or "declare" or "private" or "protected" or "public" or "readonly":
                {
                    bool declare = Is("declare");
                    Next();
                    if (NL) return false;
                    if (declare && Is("type")) return true;
                    continue;
                }
                case "global": Next(); return Is("{") || IsIdentOrKeyword || Is("export");
                case "import": Next(); return T.Kind == TsTokenKind.String || Is("*") || Is("{") || IsIdentOrKeyword;
                case "export":
                {
                    Next();
                    bool afterType = Is("type");
                    if (afterType) Next();
                    if (Is("=") || Is("*") || Is("{") || Is("default") || Is("as") || Is("@")) return true;
                    if (afterType) return IsIdentOrKeyword;
                    continue;
                }
                case "static": Next(); continue;
                default: return false;
            }
        }
    }

    private bool IsUsingDeclarationAhead()
    {
        // using x = ...: the next token is a binding identifier on the same line.
        Next();
        return !NL && IsIdentifier && !Is("of") || (Is("of") && !NL && LookAhead(() => { Next(); return Is("=") || Is(";"); }));
    }

    private void ParseStatement()
    {
        if (!Deeper()) { _depth--; Next(); return; }
        try { ParseStatementWorker(); }
        finally { _depth--; }
    }

    private void ParseStatementWorker()
    {
        if (T.Kind == TsTokenKind.Punctuator)
        {
            switch (X)
            {
                case ";": Next(); return;
                case "{": ParseBlock(); return;
                case "@": ParseDeclaration(); return;
            }
        }
        if (T.Kind == TsTokenKind.Identifier)
        {
            switch (X)
            {
                case "var": ParseVariableStatement(); return;
                case "let" when LookAhead(() => { Next(); return IsBindingIdentifierOrPattern(); }):
                    ParseVariableStatement(); return;
                case "await" when LookAhead(() => { Next(); return Is("using") && !NL && IsUsingDeclarationAhead(); }):
                    Next(); ParseVariableStatement(); return;
                case "using" when LookAhead(IsUsingDeclarationAhead):
                    ParseVariableStatement(); return;
                case "function": ParseFunctionDeclaration(); return;
                case "class": ParseClass(); return;
                case "if":
                    Next(); ParseParenthesizedCondition(); ParseStatement();
                    if (Optional("else")) ParseStatement();
                    return;
                case "do":
                    Next(); ParseStatement(); Expected("while"); ParseParenthesizedCondition(); Optional(";");
                    return;
                case "while" or "with":
                    Next(); ParseParenthesizedCondition(); ParseStatement();
                    return;
                case "for": ParseFor(); return;
                case "continue" or "break":
                    Next();
                    if (!CanParseSemicolon()) ParseIdentifier();
                    ParseSemicolon();
                    return;
                case "return":
                    Next();
                    if (!CanParseSemicolon()) ParseExpressionAllowIn();
                    ParseSemicolon();
                    return;
                case "throw":
                    Next();
                    if (!NL) ParseExpressionAllowIn();
                    if (!TryParseSemicolon()) ParseErrorForMissingSemicolon(-1);
                    return;
                case "switch": ParseSwitch(); return;
                case "try" or "catch" or "finally": ParseTry(); return;
                case "debugger": Next(); ParseSemicolon(); return;
                case "async" or "interface" or "type" or "module" or "namespace" or "declare" or "const" or "enum" or "export"
                    or "import" or "private" or "protected" or "public" or "abstract" or "accessor" or "static" or "readonly" or "global":
                    if (IsStartOfDeclaration()) { ParseDeclaration(); return; }
                    break;
            }
        }
        ParseExpressionOrLabeledStatement();
    }

    private void ParseParenthesizedCondition()
    {
        Expected("(");
        ParseExpressionAllowIn();
        Expected(")");
    }

    private void ParseExpressionOrLabeledStatement()
    {
        int start = _p;
        int errors = _errors.Count;
        ParseExpressionAllowIn();
        bool identifier = (_p == start + 1 && IsIdentifierAt(start)) || (_p == start && _errors.Count > errors);
        if (identifier && Optional(":"))
        {
            ParseStatement();
            return;
        }
        if (!TryParseSemicolon()) ParseErrorForMissingSemicolon(_p == start + 1 && IsIdentifierAt(start) ? start : -1);
    }

    /// <summary>
    /// The compiler's message when a statement does not end where it should: after a lone word that looks like a
    /// mistyped keyword, "Unknown keyword or identifier. Did you mean ...?" or "Unexpected keyword or identifier."
    /// on the word; otherwise "';' expected." at the token that cannot continue the statement.
    /// </summary>
    private void ParseErrorForMissingSemicolon(int identifierAt)
    {
        if (identifierAt < 0)
        {
            ErrorAtCurrent("';' expected.", 1005);
            return;
        }
        var word = _t[identifierAt];
        switch (word.Text)
        {
            case "const" or "let" or "var":
                ErrorAt(word.Span.Start, word.Span.End, "Variable declaration not allowed at this location.", 1440);
                return;
            case "declare": return;
            case "interface" or "type" or "module" or "namespace" or "is":
                ErrorAtCurrent("';' expected.", 1005);
                return;
        }
        string? suggestion = SpellingSuggestion(word.Text);
        if (suggestion is not null)
        {
            ErrorAt(word.Span.Start, word.Span.End, $"Unknown keyword or identifier. Did you mean '{suggestion}'?", 1435);
            return;
        }
        if (T.Kind == TsTokenKind.Error) return;
        ErrorAt(word.Span.Start, word.Span.End, "Unexpected keyword or identifier.", 1434);
    }

    /// <summary>A keyword close to <paramref name="word"/> (the compiler's rule: edit distance at most a third of the length).</summary>
    private static string? SpellingSuggestion(string word)
    {
        string? best = null;
        double bestDistance = Math.Floor(word.Length * 0.4) + 1;
        foreach (var k in KeywordSuggestions)
        {
            if (Math.Abs(k.Length - word.Length) > word.Length * 0.34 || k.Length < 3) continue;
            if (k == word) continue;
            int d = Levenshtein(word.ToLowerInvariant(), k);
            if (word.ToLowerInvariant() == k) d = 0;
            if (d > word.Length * 0.34 && word.ToLowerInvariant() != k) continue;
            double distance = word.ToLowerInvariant() == k ? 0.1 : d;
            if (distance < bestDistance) { bestDistance = distance; best = k; }
        }
        if (best is not null) return best;
        // A keyword glued to the next word: "asyncfunction", "exportconst".
        foreach (var k in KeywordSuggestions)
            if (word.Length > k.Length + 2 && word.StartsWith(k, StringComparison.Ordinal) && IsKeywordText(word[k.Length..]))
                return $"{k} {word[k.Length..]}";
        return null;
    }

    private static bool IsKeywordText(string s) => KeywordSuggestions.Contains(s);

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    private void ParseBlock(string? missingMessage = null)
    {
        if (Expected("{", missingMessage, 1144))
        {
            ParseList(Ctx.BlockStatements, _statement);
            Expected("}");
        }
    }

    /// <summary>A function body: a block, with <c>await</c>/<c>yield</c> context of the function.</summary>
    private void ParseFunctionBlock(bool isAsync, bool isGenerator, string? missingMessage = null)
    {
        bool a = _inAsync, g = _inGenerator, d = _disallowIn, dec = _inDecorator;
        _inAsync = isAsync; _inGenerator = isGenerator; _disallowIn = false; _inDecorator = false;
        ParseBlock(missingMessage);
        _inAsync = a; _inGenerator = g; _disallowIn = d; _inDecorator = dec;
    }

    private void ParseFunctionBlockOrSemicolon(bool isAsync, bool isGenerator, bool isType = false, string? missingMessage = null)
    {
        if (!Is("{"))
        {
            if (isType) { ParseTypeMemberSemicolon(); return; }
            if (CanParseSemicolon()) { ParseSemicolon(); return; }
        }
        ParseFunctionBlock(isAsync, isGenerator, missingMessage);
    }

    private void ParseVariableStatement()
    {
        ParseVariableDeclarationList(inForInit: false);
        ParseSemicolon();
    }

    private void ParseVariableDeclarationList(bool inForInit)
    {
        Next(); // var, let, const, using (an `await` of `await using` is consumed by the caller)
        if (Is("of") && LookAhead(() => { Next(); return Is(")") || Is("=") && false; })) return;
        bool saved = _disallowIn;
        _disallowIn = inForInit;
        ParseDelimitedList(Ctx.VariableDeclarations, () => ParseVariableDeclaration(inForInit));
        _disallowIn = saved;
    }

    private void ParseVariableDeclaration(bool inForInit)
    {
        bool wasIdentifier = IsIdentifier;
        ParseIdentifierOrPattern();
        if (wasIdentifier && Is("!") && !NL) Next();
        ParseTypeAnnotation();
        if (!(Is("in") || Is("of"))) ParseInitializer();
    }

    private void ParseInitializer()
    {
        if (Optional("=")) ParseAssignmentExpression();
    }

    private void ParseFor()
    {
        Next();
        if (Is("await")) Next();
        Expected("(");
        if (!Is(";"))
        {
            if (Is("var") || Is("const") || (Is("let") && LookAhead(() => { Next(); return IsBindingIdentifierOrPattern(); }))
                || (Is("using") && LookAhead(() => { Next(); return IsIdentifier && !Is("of") || Is("of") && LookAhead(() => { Next(); return IsIdentifier; }); })))
            {
                ParseVariableDeclarationList(inForInit: true);
            }
            else if (Is("await") && LookAhead(() => { Next(); return Is("using"); }))
            {
                Next();
                ParseVariableDeclarationList(inForInit: true);
            }
            else
            {
                bool saved = _disallowIn;
                _disallowIn = true;
                ParseExpression();
                _disallowIn = saved;
            }
        }
        if (Optional("of"))
        {
            ParseAssignmentAllowIn();
            Expected(")");
        }
        else if (Optional("in"))
        {
            ParseExpressionAllowIn();
            Expected(")");
        }
        else
        {
            Expected(";");
            if (!Is(";") && !Is(")")) ParseExpressionAllowIn();
            Expected(";");
            if (!Is(")")) ParseExpressionAllowIn();
            Expected(")");
        }
        ParseStatement();
    }

    private void ParseSwitch()
    {
        Next();
        ParseParenthesizedCondition();
        if (Expected("{"))
        {
            ParseList(Ctx.SwitchClauses, () =>
            {
                if (Optional("case")) ParseExpressionAllowIn();
                else Next(); // default
                Expected(":");
                ParseList(Ctx.SwitchClauseStatements, _statement);
            });
            Expected("}");
        }
    }

    private void ParseTry()
    {
        Expected("try");
        ParseBlock();
        bool hasCatch = false;
        if (Is("catch"))
        {
            hasCatch = true;
            Next();
            if (Optional("("))
            {
                ParseVariableDeclaration(false);
                Expected(")");
            }
            ParseBlock();
        }
        if (!hasCatch || Is("finally"))
        {
            Expected("finally", "'catch' or 'finally' expected.", 1472);
            ParseBlock();
        }
    }

    // ───────────────────────────── declarations ─────────────────────────────

    private void ParseDecorators()
    {
        while (Is("@"))
        {
            Next();
            bool saved = _inDecorator;
            _inDecorator = true;
            ParseLeftHandSideExpression();
            _inDecorator = saved;
        }
    }

    /// <summary>Modifiers (<c>export</c>, <c>public</c>, <c>async</c>, ...); a keyword is one only when what follows fits.</summary>
    private int ParseModifiers(bool permitConst = false, bool stopOnStaticBlock = false)
    {
        int count = 0;
        bool seenStatic = false;
        while (IsModifierWord)
        {
            if (Is("const") && !permitConst && !LookAhead(() => { Next(); return Is("enum"); })) break;
            if (Is("static") && (seenStatic || stopOnStaticBlock && LookAhead(() => { Next(); return Is("{"); }))) break;
            if (!LookAhead(NextTokenCanFollowModifier)) break;
            if (Is("static")) seenStatic = true;
            Next();
            count++;
        }
        return count;
    }

    private bool NextTokenCanFollowModifier()
    {
        switch (X)
        {
            case "const": Next(); return Is("enum") || CanFollowModifier() && !NL;
            case "export":
                Next();
                if (Is("default")) return LookAhead(NextTokenCanFollowDefault);
                if (Is("type")) return LookAhead(() => { Next(); return CanFollowExportModifier(); });
                return CanFollowExportModifier();
            case "default": return NextTokenCanFollowDefault();
            case "static": Next(); return CanFollowModifier();
            default: Next(); return !NL && CanFollowModifier();
        }
    }

    private bool CanFollowExportModifier() => Is("@") || (!Is("*") && !Is("as") && !Is("{") && CanFollowModifier());

    private bool NextTokenCanFollowDefault()
    {
        Next();
        return Is("class") || Is("function") || Is("interface") || Is("@")
            || (Is("abstract") && LookAhead(() => { Next(); return Is("class") && !NL; }))
            || (Is("async") && LookAhead(() => { Next(); return Is("function") && !NL; }));
    }

    private bool CanFollowModifier() => Is("[") || Is("{") || Is("*") || Is("...") || IsLiteralPropertyName();

    private bool IsLiteralPropertyName() =>
        T.Kind is TsTokenKind.Identifier or TsTokenKind.String or TsTokenKind.Number or TsTokenKind.PrivateName;

    private void ParseDeclaration()
    {
        ParseDecorators();
        int modifiers = ParseModifiers(permitConst: false);
        ParseDeclarationWorker(modifiers > 0);
    }

    private void ParseDeclarationWorker(bool hadModifiers)
    {
        if (IsIdentOrKeyword)
        {
            switch (X)
            {
                case "var" or "let" or "const" or "using": ParseVariableStatement(); return;
                case "await": Next(); ParseVariableStatement(); return;
                case "function": ParseFunctionDeclaration(); return;
                case "class": ParseClass(); return;
                case "interface": ParseInterface(); return;
                case "type": ParseTypeAlias(); return;
                case "enum": ParseEnum(); return;
                case "global" or "module" or "namespace": ParseModule(); return;
                case "import": ParseImport(); return;
                case "export":
                    Next();
                    if (Is("default") || Is("="))
                    {
                        Next();
                        ParseAssignmentAllowIn();
                        ParseSemicolon();
                        return;
                    }
                    if (Is("as"))
                    {
                        Next();
                        Expected("namespace");
                        ParseIdentifier();
                        ParseSemicolon();
                        return;
                    }
                    ParseExportDeclaration();
                    return;
                case "abstract" or "declare" or "async" when !hadModifiers:
                    break;
            }
        }
        // Decorators or modifiers with no declaration after them.
        ErrorMissing("Declaration expected.", 1146);
    }

    private void ParseFunctionDeclaration()
    {
        bool isAsync = _p > 0 && _t[_p - 1].Is("async");
        Next(); // function
        bool generator = Optional("*");
        bool isDefault = _p >= 2 && (_t[_p - 2].Is("default") || (_t[_p - 2].Is("async") && _p >= 3 && _t[_p - 3].Is("default")));
        if (!(isDefault && (Is("(") || Is("<")))) ParseBindingIdentifier();
        ParseTypeParameters();
        ParseParameters(isAsync, generator);
        ParseReturnType(":");
        ParseFunctionBlockOrSemicolon(isAsync, generator, missingMessage: "'{' or ';' expected.");
    }

    private void ParseClass()
    {
        Next(); // class
        if (IsIdentifier && !(Is("implements") && LookAhead(() => { Next(); return IsIdentOrKeyword; }))) Next();
        ParseTypeParameters();
        ParseHeritageClauses();
        if (Expected("{"))
        {
            ParseList(Ctx.ClassMembers, ParseClassMember);
            Expected("}");
        }
    }

    private void ParseHeritageClauses()
    {
        if (!IsHeritageKeyword()) return;
        ParseList(Ctx.HeritageClauses, () =>
        {
            Next(); // extends / implements
            ParseDelimitedList(Ctx.HeritageClauseElement, () =>
            {
                ParseLeftHandSideExpression();
                if (Is("<")) ParseTypeArgumentList();
            });
        });
    }

    private void ParseInterface()
    {
        Next();
        ParseIdentifier();
        ParseTypeParameters();
        ParseHeritageClauses();
        ParseObjectTypeMembers();
    }

    private void ParseTypeAlias()
    {
        Next();
        ParseIdentifier();
        ParseTypeParameters();
        Expected("=");
        ParseType();
        ParseSemicolon();
    }

    private void ParseEnum()
    {
        Next();
        ParseIdentifier();
        if (Expected("{"))
        {
            ParseDelimitedList(Ctx.EnumMembers, () =>
            {
                ParsePropertyName();
                if (Optional("=")) ParseAssignmentAllowIn();
            });
            Expected("}");
        }
    }

    private void ParseModule()
    {
        if (Is("global"))
        {
            Next();
        }
        else if (Optional("namespace"))
        {
            ParseIdentifier();
            while (Optional(".")) ParseIdentifierName();
        }
        else
        {
            Next(); // module
            if (T.Kind == TsTokenKind.String)
            {
                Next();
                if (!Is("{")) { ParseSemicolon(); return; }
            }
            else
            {
                ParseIdentifier();
                while (Optional(".")) ParseIdentifierName();
            }
        }
        if (Is("{") || !CanParseSemicolon())
        {
            if (Expected("{"))
            {
                ParseList(Ctx.BlockStatements, _statement);
                Expected("}");
            }
        }
        else
        {
            ParseSemicolon();
        }
    }

    private void ParseImport()
    {
        Next(); // import
        bool hasIdentifier = false;
        if (IsIdentifier) { Next(); hasIdentifier = true; }
        if (hasIdentifier && _t[_p - 1].Text == "type"
            && (!Is("from") || (IsIdentifier && LookAhead(() => { Next(); return Is("from") || Is("="); })))
            && (IsIdentifier || Is("*") || Is("{")))
        {
            hasIdentifier = false;
            if (IsIdentifier) { Next(); hasIdentifier = true; }
        }
        if (hasIdentifier && !(Is(",") || Is("from")))
        {
            // import x = require("m") / import x = A.B
            Expected("=");
            if (Is("require") && IsAt(_p + 1, "("))
            {
                Next(); Next();
                if (T.Kind == TsTokenKind.String) Next(); else ParseExpression();
                Expected(")");
            }
            else
            {
                ParseEntityName();
            }
            ParseSemicolon();
            return;
        }
        if (hasIdentifier || Is("*") || Is("{"))
        {
            if (!hasIdentifier || Optional(","))
            {
                if (Optional("*"))
                {
                    Expected("as");
                    ParseIdentifier();
                }
                else if (Is("{"))
                {
                    ParseNamedImportsOrExports();
                }
                else
                {
                    ErrorMissing("'{' expected.", 1005);
                }
            }
            Expected("from");
        }
        ParseModuleSpecifier();
        ParseImportAttributes();
        ParseSemicolon();
    }

    private void ParseModuleSpecifier()
    {
        if (T.Kind == TsTokenKind.String) Next();
        else ParseExpression();
    }

    private void ParseImportAttributes()
    {
        if ((Is("with") || Is("assert")) && !NL)
        {
            Next();
            if (Expected("{"))
            {
                ParseDelimitedList(Ctx.ImportAttributes, () =>
                {
                    if (T.Kind == TsTokenKind.String) Next(); else ParseIdentifierName();
                    Expected(":");
                    ParseAssignmentExpression();
                });
                Expected("}");
            }
        }
    }

    private void ParseNamedImportsOrExports()
    {
        Expected("{");
        ParseDelimitedList(Ctx.ImportOrExportSpecifiers, () =>
        {
            // `type` is a modifier unless it is the name itself (type, type as x, type as as x).
            if (Is("type") && (At(_p + 1).Kind is TsTokenKind.Identifier or TsTokenKind.String) && !(IsAt(_p + 1, "as") && !(IsAt(_p + 2, "as") || IsIdentOrKeywordAt(_p + 2) && !IsAt(_p + 2, "as") && false)))
                Next();
            if (T.Kind == TsTokenKind.String) Next(); else ParseIdentifierName();
            if (Optional("as"))
            {
                if (T.Kind == TsTokenKind.String) Next(); else ParseIdentifierName();
            }
        });
        Expected("}");
    }

    private void ParseExportDeclaration()
    {
        if (Is("type") && IsAt(_p + 1, "{") || Is("type") && IsAt(_p + 1, "*")) Next();
        if (Optional("*"))
        {
            if (Optional("as"))
            {
                if (T.Kind == TsTokenKind.String) Next(); else ParseIdentifierName();
            }
            Expected("from");
            ParseModuleSpecifier();
        }
        else
        {
            ParseNamedImportsOrExports();
            if (Is("from") || (T.Kind == TsTokenKind.String && !NL))
            {
                Expected("from");
                ParseModuleSpecifier();
            }
        }
        ParseImportAttributes();
        ParseSemicolon();
    }

    // ───────────────────────────── class and type members ─────────────────────────────

    private bool IsClassMemberStart()
    {
        string? idToken = null;
        if (Is("@")) return true;
        while (IsModifierWord)
        {
            idToken = X;
            if (X is "public" or "private" or "protected" or "readonly" or "static" or "override" or "accessor") return true;
            Next();
        }
        if (Is("*")) return true;
        if (IsLiteralPropertyName())
        {
            idToken = T.Kind == TsTokenKind.Identifier ? X : "\"";
            Next();
        }
        if (Is("[")) return true;
        if (idToken is not null)
        {
            if (!Reserved.Contains(idToken) && !ModifierKeywords.Contains(idToken) || idToken is "set" or "get") return true;
            if (Is("(") || Is("<") || Is("!") || Is(":") || Is("=") || Is("?")) return true;
            return CanParseSemicolon();
        }
        return false;
    }

    private void ParseClassMember()
    {
        if (Is(";")) { Next(); return; }
        ParseDecorators();
        int modifiers = ParseModifiers(permitConst: true, stopOnStaticBlock: true);
        if (Is("static") && IsAt(_p + 1, "{"))
        {
            Next();
            ParseFunctionBlock(false, false);
            return;
        }
        if (ParseAccessorIfAny(isType: false)) return;
        if ((Is("constructor") || T.Kind == TsTokenKind.String && T.Text.Length > 2 && T.Text[1..^1] == "constructor") && IsAt(_p + 1, "("))
        {
            Next();
            ParseParameters(false, false);
            ParseReturnType(":");
            ParseFunctionBlockOrSemicolon(false, false, missingMessage: "'{' or ';' expected.");
            return;
        }
        if (IsIndexSignature())
        {
            ParseIndexSignature();
            return;
        }
        if (IsIdentOrKeyword || T.Kind is TsTokenKind.String or TsTokenKind.Number or TsTokenKind.PrivateName || Is("*") || Is("["))
        {
            bool isAsync = _p > 0 && _t[_p - 1].Is("async") && modifiers > 0;
            bool generator = Optional("*");
            bool wasIdentifier = IsIdentOrKeyword;
            int nameStart = _p;
            ParsePropertyName();
            bool question = Optional("?");
            if (generator || Is("(") || Is("<"))
            {
                ParseTypeParameters();
                ParseParameters(isAsync, generator);
                ParseReturnType(":");
                ParseFunctionBlockOrSemicolon(isAsync, generator, missingMessage: "'{' or ';' expected.");
                return;
            }
            if (!question && !NL) Optional("!");
            bool hasType = ParseTypeAnnotation();
            bool hasInit = false;
            if (Is("="))
            {
                hasInit = true;
                bool g = _inGenerator, a = _inAsync;
                _inGenerator = false; _inAsync = false;
                Next();
                ParseAssignmentAllowIn();
                _inGenerator = g; _inAsync = a;
            }
            ParseSemicolonAfterPropertyName(wasIdentifier && _p > nameStart ? nameStart : -1, hasType, hasInit);
            return;
        }
        if (modifiers > 0 || _t[Math.Max(0, _p - 1)].Kind != TsTokenKind.Punctuator)
        {
            ErrorMissing("Declaration expected.", 1146);
            return;
        }
        ErrorAtCurrent("Unexpected token. A constructor, method, accessor, or property was expected.", 1068);
        Next();
    }

    private void ParseSemicolonAfterPropertyName(int nameAt, bool hasType, bool hasInit)
    {
        if (Is("@") && !NL) { ErrorAtCurrent("Decorators must precede the name and all keywords of property declarations.", 1436); return; }
        if (Is("(")) { ErrorAtCurrent("Cannot start a function call in a type annotation.", 1441); Next(); return; }
        if (hasType && !CanParseSemicolon())
        {
            if (hasInit) ErrorAtCurrent("';' expected.", 1005);
            else ErrorAtCurrent("Expected '=' for property initializer.", 1442);
            return;
        }
        if (TryParseSemicolon()) return;
        if (hasInit) { ErrorAtCurrent("';' expected.", 1005); return; }
        ParseErrorForMissingSemicolon(nameAt);
    }

    /// <summary><c>get name() {}</c> / <c>set name(v) {}</c>; false when <c>get</c>/<c>set</c> is only a name.</summary>
    private bool ParseAccessorIfAny(bool isType)
    {
        if (!(Is("get") || Is("set"))) return false;
        if (!LookAhead(() => { Next(); return Is("[") || IsLiteralPropertyName(); })) return false;
        Next();
        ParsePropertyName();
        ParseTypeParameters();
        ParseParameters(false, false);
        ParseReturnType(":");
        ParseFunctionBlockOrSemicolon(false, false, isType);
        return true;
    }

    private bool IsIndexSignature() => Is("[") && LookAhead(() =>
    {
        Next();
        if (Is("...") || Is("]")) return true;
        if (IsModifierWord)
        {
            Next();
            if (IsIdentifier) return true;
        }
        else if (!IsIdentifier) return false;
        else Next();
        if (Is(":") || Is(",")) return true;
        if (!Is("?")) return false;
        Next();
        return Is(":") || Is(",") || Is("]");
    });

    private void ParseIndexSignature()
    {
        Next(); // [
        ParseDelimitedList(Ctx.Parameters, _parameter);
        Expected("]");
        ParseTypeAnnotation();
        ParseTypeMemberSemicolon();
    }

    private void ParseTypeMemberSemicolon()
    {
        if (Optional(",")) return;
        ParseSemicolon();
    }

    private bool IsTypeMemberStart()
    {
        if (Is("(") || Is("<") || Is("get") || Is("set")) return true;
        bool idToken = false;
        while (IsModifierWord) { idToken = true; Next(); }
        if (Is("[")) return true;
        if (IsLiteralPropertyName()) { idToken = true; Next(); }
        if (idToken) return Is("(") || Is("<") || Is("?") || Is(":") || Is(",") || CanParseSemicolon();
        return false;
    }

    private void ParseObjectTypeMembers()
    {
        if (Expected("{"))
        {
            ParseList(Ctx.TypeMembers, ParseTypeMember);
            Expected("}");
        }
    }

    private void ParseTypeMember()
    {
        if (Is("(") || Is("<"))
        {
            ParseSignatureRest(":");
            ParseTypeMemberSemicolon();
            return;
        }
        if (Is("new") && (IsAt(_p + 1, "(") || IsAt(_p + 1, "<")))
        {
            Next();
            ParseSignatureRest(":");
            ParseTypeMemberSemicolon();
            return;
        }
        ParseModifiers();
        if (ParseAccessorIfAny(isType: true)) return;
        if (IsIndexSignature()) { ParseIndexSignature(); return; }
        ParsePropertyName();
        Optional("?");
        if (Is("(") || Is("<"))
        {
            ParseSignatureRest(":");
        }
        else
        {
            ParseTypeAnnotation();
            if (Is("=")) { Next(); ParseAssignmentExpression(); } // reported by the checker, read here
        }
        ParseTypeMemberSemicolon();
    }

    /// <summary>Type parameters, parameters and a return type introduced by <paramref name="returnToken"/>.</summary>
    private void ParseSignatureRest(string returnToken)
    {
        ParseTypeParameters();
        ParseParameters(false, false);
        ParseReturnType(returnToken);
    }

    private void ParsePropertyName()
    {
        switch (T.Kind)
        {
            case TsTokenKind.String or TsTokenKind.Number or TsTokenKind.PrivateName or TsTokenKind.Template:
                Next();
                return;
            case TsTokenKind.Punctuator when Is("["):
                Next();
                ParseExpressionAllowIn();
                Expected("]");
                return;
        }
        ParseIdentifierName();
    }

    // ───────────────────────────── parameters and bindings ─────────────────────────────

    private bool IsStartOfParameter() =>
        Is("...") || IsBindingIdentifierOrPattern() || Is("this") || (IsModifierWord) || Is("@") || IsStartOfType(true);

    private bool IsBindingIdentifierOrPattern() => Is("{") || Is("[") || IsIdentifier || T.Kind == TsTokenKind.PrivateName;

    private void ParseParameters(bool isAsync, bool isGenerator)
    {
        if (!Expected("(")) return;
        bool a = _inAsync, g = _inGenerator, d = _disallowIn;
        _inAsync = isAsync; _inGenerator = isGenerator; _disallowIn = false;
        ParseDelimitedList(Ctx.Parameters, _parameter);
        _inAsync = a; _inGenerator = g; _disallowIn = d;
        Expected(")");
    }

    private void ParseParameter()
    {
        ParseDecorators();
        if (Is("this") && (IsAt(_p + 1, ":") || IsAt(_p + 1, ",") || IsAt(_p + 1, ")")))
        {
            Next();
            ParseTypeAnnotation();
            return;
        }
        int modifiers = ParseModifiers();
        Optional("...");
        int before = _p;
        if (T.Kind == TsTokenKind.PrivateName)
        {
            ErrorAtCurrent("Private identifiers cannot be used as parameters.", 18009);
            Next();
        }
        else
        {
            ParseIdentifierOrPattern();
        }
        if (_p == before && modifiers == 0 && IsModifierWord) Next();
        Optional("?");
        ParseTypeAnnotation();
        ParseInitializer();
    }

    private void ParseIdentifierOrPattern()
    {
        if (Is("[")) { ParseArrayBindingPattern(); return; }
        if (Is("{")) { ParseObjectBindingPattern(); return; }
        ParseBindingIdentifier();
    }

    private void ParseArrayBindingPattern()
    {
        Next();
        bool d = _disallowIn;
        _disallowIn = false;
        ParseDelimitedList(Ctx.ArrayBindingElements, () =>
        {
            if (Is(",")) return;
            Optional("...");
            ParseIdentifierOrPattern();
            ParseInitializer();
        });
        _disallowIn = d;
        Expected("]");
    }

    private void ParseObjectBindingPattern()
    {
        Next();
        bool d = _disallowIn;
        _disallowIn = false;
        ParseDelimitedList(Ctx.ObjectBindingElements, () =>
        {
            Optional("...");
            bool tokenIsIdentifier = IsIdentifier;
            ParsePropertyName();
            if (!(tokenIsIdentifier && !Is(":")))
            {
                Expected(":");
                ParseIdentifierOrPattern();
            }
            ParseInitializer();
        });
        _disallowIn = d;
        Expected("}");
    }

    private void ParseBindingIdentifier() => ParseIdentifier();

    private void ParseIdentifier(string? message = null, int code = 1003)
    {
        if (IsIdentifier) { Next(); return; }
        ReportMissingIdentifier(message, code);
    }

    private void ReportMissingIdentifier(string? message, int code)
    {
        if (T.Kind == TsTokenKind.PrivateName && message is null)
        {
            ErrorAtCurrent("Private identifiers are not allowed outside class bodies.", 18016);
            Next();
            return;
        }
        if (message is null && IsIdentOrKeyword && IsReservedWord)
            ErrorMissing($"Identifier expected. '{X}' is a reserved word that cannot be used here.", 1359);
        else
            ErrorMissing(message ?? "Identifier expected.", message is null ? 1003 : code);
    }

    private void ParseIdentifierName(string? message = null, int code = 1003)
    {
        if (IsIdentOrKeyword) { Next(); return; }
        if (T.Kind == TsTokenKind.PrivateName) { Next(); return; }
        ErrorMissing(message ?? "Identifier expected.", message is null ? 1003 : code);
    }

    private void ParseEntityName()
    {
        ParseIdentifier();
        while (Optional(".")) ParseIdentifierName();
    }

    // ───────────────────────────── types ─────────────────────────────

    private bool ParseTypeAnnotation()
    {
        if (!Optional(":")) return false;
        ParseType();
        return true;
    }

    private void ParseReturnType(string token)
    {
        if (!Optional(token)) return;
        ParseTypeOrTypePredicate();
    }

    private void ParseTypeOrTypePredicate()
    {
        // x is T, this is T, asserts x, asserts x is T
        if (Is("asserts") && !IsAt(_p + 1, "is") && IsIdentOrKeywordAt(_p + 1) && !At(_p + 1).NewlineBefore)
        {
            Next();
            Next();
            if (Is("is") && !NL) { Next(); ParseType(); }
            return;
        }
        if ((IsIdentifier || Is("this")) && IsAt(_p + 1, "is") && !At(_p + 1).NewlineBefore)
        {
            Next();
            Next();
        }
        ParseType();
    }

    private void ParseType()
    {
        if (!Deeper()) { _depth--; return; }
        try
        {
            bool saved = _disallowConditionalTypes;
            if (IsStartOfFunctionOrConstructorType())
            {
                ParseFunctionOrConstructorType();
                return;
            }
            ParseUnionType();
            if (!_disallowConditionalTypes && !NL && Optional("extends"))
            {
                _disallowConditionalTypes = true;
                ParseType();
                _disallowConditionalTypes = false;
                Expected("?");
                ParseType();
                Expected(":");
                ParseType();
            }
            _disallowConditionalTypes = saved;
        }
        finally { _depth--; }
    }

    private bool IsStartOfFunctionOrConstructorType()
    {
        if (Is("<")) return true;
        if (Is("(") && LookAhead(IsUnambiguouslyStartOfFunctionType)) return true;
        return Is("new") || (Is("abstract") && IsAt(_p + 1, "new"));
    }

    private bool IsUnambiguouslyStartOfFunctionType()
    {
        Next();
        if (Is(")") || Is("...")) return true;
        if (SkipParameterStart())
        {
            if (Is(":") || Is(",") || Is("?") || Is("=")) return true;
            if (Is(")"))
            {
                Next();
                if (Is("=>")) return true;
            }
        }
        return false;
    }

    private bool SkipParameterStart()
    {
        if (IsModifierWord) ParseModifiers();
        if (IsIdentifier || Is("this")) { Next(); return true; }
        if (Is("[") || Is("{"))
        {
            int errors = _errors.Count;
            ParseIdentifierOrPattern();
            return errors == _errors.Count;
        }
        return false;
    }

    private void ParseFunctionOrConstructorType()
    {
        if (Is("abstract")) Next();
        Optional("new");
        ParseTypeParameters();
        ParseParameters(false, false);
        Expected("=>");
        ParseTypeOrTypePredicate();
    }

    private void ParseUnionType() => ParseUnionOrIntersection("|", ParseIntersectionType);

    private void ParseIntersectionType() => ParseUnionOrIntersection("&", ParseTypeOperator);

    private void ParseUnionOrIntersection(string op, Action constituent)
    {
        bool leading = Optional(op);
        if (!(leading && ParseFunctionTypeToError(op))) constituent();
        while (Optional(op))
            if (!ParseFunctionTypeToError(op)) constituent();
    }

    private bool ParseFunctionTypeToError(string op)
    {
        if (!IsStartOfFunctionOrConstructorType()) return false;
        int start = T.Span.Start;
        ParseFunctionOrConstructorType();
        int end = _p > 0 ? _t[_p - 1].Span.End : start;
        bool ctor = _text.AsSpan(start).StartsWith("new") || _text.AsSpan(start).StartsWith("abstract");
        ErrorAt(start, end, $"{(ctor ? "Constructor" : "Function")} type notation must be parenthesized when used in {(op == "|" ? "a union" : "an intersection")} type.",
            ctor ? (op == "|" ? 1386 : 1388) : (op == "|" ? 1385 : 1387));
        return true;
    }

    private void ParseTypeOperator()
    {
        if (Is("keyof") || Is("unique") || Is("readonly"))
        {
            if (!LookAhead(() => { Next(); return IsStartOfType(false); }) && !Is("readonly"))
            {
                ParsePostfixType();
                return;
            }
            Next();
            ParseTypeOperator();
            return;
        }
        if (Is("infer") && IsIdentifierAt(_p + 1))
        {
            Next();
            Next();
            TryParse(() =>
            {
                if (!Optional("extends")) return false;
                bool saved = _disallowConditionalTypes;
                _disallowConditionalTypes = true;
                ParseType();
                _disallowConditionalTypes = saved;
                return _disallowConditionalTypes || !Is("?");
            });
            return;
        }
        bool s = _disallowConditionalTypes;
        _disallowConditionalTypes = false;
        ParsePostfixType();
        _disallowConditionalTypes = s;
    }

    private void ParsePostfixType()
    {
        ParseNonArrayType();
        while (!NL)
        {
            if (Is("!")) { Next(); continue; }
            if (Is("?"))
            {
                if (LookAhead(() => { Next(); return IsStartOfType(false) || Is("|") || Is("&"); })) return;
                Next();
                continue;
            }
            if (Is("["))
            {
                Next();
                if (IsStartOfType(false)) ParseType();
                Expected("]");
                continue;
            }
            return;
        }
    }

    private void ParseNonArrayType()
    {
        switch (T.Kind)
        {
            case TsTokenKind.String or TsTokenKind.Number or TsTokenKind.Template:
                Next();
                return;
            case TsTokenKind.TemplateHead:
                Next();
                while (true)
                {
                    ParseType();
                    if (T.Kind == TsTokenKind.TemplateMiddle) { Next(); continue; }
                    if (T.Kind == TsTokenKind.TemplateTail) { Next(); break; }
                    Expected("}");
                    break;
                }
                return;
        }
        if (T.Kind == TsTokenKind.Punctuator)
        {
            switch (X)
            {
                case "-" when At(_p + 1).Kind == TsTokenKind.Number:
                    Next(); Next(); return;
                case "{":
                    if (LookAhead(IsStartOfMappedType)) ParseMappedType();
                    else ParseObjectTypeMembers();
                    return;
                case "[":
                    Next();
                    ParseDelimitedList(Ctx.TupleElementTypes, ParseTupleElement);
                    Expected("]");
                    return;
                case "(":
                    Next();
                    ParseType();
                    Expected(")");
                    return;
                case "*" or "?":
                    Next();
                    return;
            }
        }
        if (IsIdentOrKeyword)
        {
            switch (X)
            {
                case "void" or "null" or "true" or "false" or "undefined" or "never" or "any" or "unknown" when !IsAt(_p + 1, "."):
                    Next();
                    return;
                case "this":
                    Next();
                    if (Is("is") && !NL) { Next(); ParseType(); }
                    return;
                case "typeof":
                    Next();
                    if (Is("import")) { ParseImportType(); return; }
                    ParseIdentifierName();
                    while (Optional(".")) ParseIdentifierName();
                    if (!NL && Is("<")) ParseTypeArgumentList();
                    return;
                case "import":
                    ParseImportType();
                    return;
                case "asserts" when IsIdentOrKeywordAt(_p + 1) && !At(_p + 1).NewlineBefore:
                    Next(); Next();
                    if (Is("is") && !NL) { Next(); ParseType(); }
                    return;
            }
        }
        ParseTypeReference();
    }

    private void ParseTypeReference()
    {
        ParseIdentifierName("Type expected.", 1110);
        while (Is(".") && _p > 0 && _t[_p - 1].Kind == TsTokenKind.Identifier)
        {
            Next();
            ParseIdentifierName();
        }
        if (!NL && Is("<")) ParseTypeArgumentList();
    }

    private void ParseImportType()
    {
        Next(); // import
        Expected("(");
        ParseType();
        if (Optional(","))
        {
            if (Is("{"))
            {
                Next();
                ParseDelimitedList(Ctx.ImportAttributes, () =>
                {
                    if (T.Kind == TsTokenKind.String) Next(); else ParseIdentifierName();
                    Expected(":");
                    ParseAssignmentExpression();
                });
                Expected("}");
            }
            Optional(",");
        }
        Expected(")");
        while (Optional(".")) ParseIdentifierName();
        if (!NL && Is("<")) ParseTypeArgumentList();
    }

    private bool IsStartOfMappedType()
    {
        Next();
        if (Is("+") || Is("-")) { Next(); return Is("readonly"); }
        if (Is("readonly")) Next();
        if (!Is("[")) return false;
        Next();
        if (!IsIdentifier) return false;
        Next();
        return Is("in");
    }

    private void ParseMappedType()
    {
        Next(); // {
        if (Is("+") || Is("-")) { Next(); Expected("readonly"); }
        else Optional("readonly");
        Expected("[");
        ParseIdentifier();
        Expected("in");
        ParseType();
        if (Optional("as")) ParseType();
        Expected("]");
        if (Is("+") || Is("-")) { Next(); Expected("?"); }
        else Optional("?");
        ParseTypeAnnotation();
        ParseSemicolon();
        ParseList(Ctx.TypeMembers, ParseTypeMember);
        Expected("}");
    }

    private void ParseTupleElement()
    {
        if (Optional("..."))
        {
            if (IsIdentOrKeyword && (IsAt(_p + 1, ":") || IsAt(_p + 1, "?") && IsAt(_p + 2, ":"))) { Next(); Optional("?"); Next(); }
            ParseType();
            return;
        }
        if (IsIdentOrKeyword && (IsAt(_p + 1, ":") || IsAt(_p + 1, "?") && IsAt(_p + 2, ":")))
        {
            Next();
            Optional("?");
            Next();
        }
        ParseType();
    }

    private bool IsStartOfType(bool inStartOfParameter)
    {
        switch (T.Kind)
        {
            case TsTokenKind.String or TsTokenKind.Number or TsTokenKind.Template or TsTokenKind.TemplateHead: return true;
            case TsTokenKind.Identifier:
                if (X == "function") return !inStartOfParameter;
                return !IsReservedWord || X is "void" or "null" or "this" or "typeof" or "new" or "true" or "false" or "import";
            case TsTokenKind.Punctuator:
                switch (X)
                {
                    case "{" or "[" or "<" or "|" or "&" or "*" or "?" or "!" or "...": return true;
                    case "-": return !inStartOfParameter && At(_p + 1).Kind == TsTokenKind.Number;
                    case "(": return !inStartOfParameter && LookAhead(() => { Next(); return Is(")") || IsStartOfParameter() || IsStartOfType(false); });
                }
                return false;
        }
        return false;
    }

    private void ParseTypeParameters()
    {
        if (!Is("<")) return;
        Next();
        ParseDelimitedList(Ctx.TypeParameters, () =>
        {
            ParseModifiers(permitConst: true);
            ParseIdentifier();
            if (Optional("extends"))
            {
                if (IsStartOfType(false) || !IsStartOfExpression()) ParseType();
                else ParseUnaryExpression();
            }
            if (Optional("=")) ParseType();
        });
        ExpectedGt();
    }

    private void ParseTypeArgumentList()
    {
        Next(); // <
        ParseDelimitedList(Ctx.TypeArguments, _type);
        ExpectedGt();
    }

    // ───────────────────────────── expressions ─────────────────────────────

    private void ParseExpressionAllowIn()
    {
        bool saved = _disallowIn;
        _disallowIn = false;
        ParseExpression();
        _disallowIn = saved;
    }

    private void ParseAssignmentAllowIn()
    {
        bool saved = _disallowIn;
        _disallowIn = false;
        ParseAssignmentExpression();
        _disallowIn = saved;
    }

    private bool IsStartOfLeftHandSideExpression()
    {
        switch (T.Kind)
        {
            case TsTokenKind.Number or TsTokenKind.String or TsTokenKind.Template or TsTokenKind.TemplateHead or TsTokenKind.Regex:
                return true;
            case TsTokenKind.Identifier:
                if (X is "this" or "super" or "null" or "true" or "false" or "function" or "class" or "new") return true;
                if (X == "import") return LookAhead(() => { Next(); return Is("(") || Is("<") || Is("."); });
                return IsIdentifier;
            case TsTokenKind.Punctuator:
                return X is "(" or "[" or "{" or "/" or "/=";
        }
        return false;
    }

    private bool IsStartOfExpression()
    {
        if (IsStartOfLeftHandSideExpression()) return true;
        switch (T.Kind)
        {
            case TsTokenKind.Identifier:
                if (X is "delete" or "typeof" or "void" or "await" or "yield") return true;
                if (X == "in") return !_disallowIn;
                return X == "instanceof" || IsIdentifier;
            case TsTokenKind.PrivateName: return true;
            case TsTokenKind.Punctuator:
                if (X is "+" or "-" or "~" or "!" or "++" or "--" or "<" or "@") return true;
                // The compiler treats a binary operator as the start of an expression with its left side missing.
                return (Class & TokenClass.Binary) != 0;
        }
        return false;
    }

    private void ParseExpression()
    {
        ParseAssignmentExpression();
        while (Optional(",")) ParseAssignmentExpression();
    }

    private void ParseAssignmentExpression()
    {
        if (!Deeper()) { _depth--; Next(); return; }
        try { ParseAssignmentExpressionWorker(); }
        finally { _depth--; }
    }

    private void ParseAssignmentExpressionWorker()
    {
        if (Is("yield") && (_inGenerator || LookAhead(() => { Next(); return !NL && (IsIdentOrKeyword || T.Kind is TsTokenKind.String or TsTokenKind.Number); })))
        {
            Next();
            if (!NL && (Is("*") || IsStartOfExpression()))
            {
                Optional("*");
                ParseAssignmentExpression();
            }
            return;
        }
        if (TryParseArrowFunction()) return;
        int start = _p;
        bool lhs = ParseBinaryExpression();
        if (_p == start + 1 && IsIdentifierAt(start) && Is("=>"))
        {
            ParseArrowAfterParameters(start, isAsync: false);
            return;
        }
        if (lhs && T.Kind == TsTokenKind.Punctuator && IsAssignmentOperator())
        {
            Next();
            ParseAssignmentExpression();
            return;
        }
        if (Optional("?"))
        {
            ParseAssignmentAllowIn();
            if (Expected(":")) ParseAssignmentExpression();
        }
    }

    private bool IsAssignmentOperator() => (Class & TokenClass.Assignment) != 0;

    /// <summary>
    /// A binary expression; true when it is a left-hand-side expression (no operator at all), which is what an
    /// assignment needs on its left.
    /// </summary>
    private bool ParseBinaryExpression()
    {
        bool lhs = ParseUnaryExpression();
        while (true)
        {
            if (T.Kind is not (TsTokenKind.Punctuator or TsTokenKind.Identifier)) break;
            if ((Class & TokenClass.Binary) == 0) break;
            string op = X;
            if (op == "in" && _disallowIn) break;
            if (op is "as" or "satisfies")
            {
                if (NL) break;
                Next();
                if (op == "as" && Is("const")) Next(); else ParseType();
                lhs = false;
                continue;
            }
            Next();
            ParseUnaryExpression();
            lhs = false;
        }
        return lhs;
    }

    /// <summary>A unary expression; true when it is a plain left-hand-side expression.</summary>
    private bool ParseUnaryExpression()
    {
        if (!Deeper()) { _depth--; Next(); return false; }
        try
        {
            if (T.Kind == TsTokenKind.Punctuator)
            {
                switch (X)
                {
                    case "+" or "-" or "~" or "!":
                        Next();
                        ParseUnaryExpression();
                        return false;
                    case "++" or "--":
                        Next();
                        ParseLeftHandSideExpression();
                        return false;
                    case "<":
                        // <T>expr, a type assertion (a generic arrow function was tried before).
                        Next();
                        ParseType();
                        ExpectedGt();
                        ParseUnaryExpression();
                        return false;
                }
            }
            else if (T.Kind == TsTokenKind.Identifier)
            {
                switch (X)
                {
                    case "delete" or "typeof" or "void":
                        Next();
                        ParseUnaryExpression();
                        return false;
                    case "await" when _inAsync || LookAhead(() => { Next(); return !NL && (IsIdentOrKeyword || T.Kind is TsTokenKind.String or TsTokenKind.Number or TsTokenKind.Template or TsTokenKind.TemplateHead or TsTokenKind.Regex || Is("[") || Is("{") || Is("(") && false); }):
                        Next();
                        ParseUnaryExpression();
                        return false;
                }
            }
            ParseLeftHandSideExpression();
            if ((Is("++") || Is("--")) && !NL)
            {
                Next();
                return false;
            }
            return true;
        }
        finally { _depth--; }
    }

    private void ParseLeftHandSideExpression()
    {
        if (Is("import") && (IsAt(_p + 1, "(") || IsAt(_p + 1, "<")))
        {
            Next();
        }
        else if (Is("import") && IsAt(_p + 1, "."))
        {
            Next();
            ParseMemberExpressionRest(true);
        }
        else if (Is("super"))
        {
            Next();
            if (!(Is("(") || Is(".") || Is("[") || Is("<") || Is("?.")))
                ErrorAtCurrent("'super' must be followed by an argument list or member access.", 1034);
        }
        else
        {
            ParsePrimaryExpression();
            ParseMemberExpressionRest(true);
        }
        ParseCallExpressionRest();
    }

    private void ParseMemberExpressionRest(bool allowOptionalChain)
    {
        while (true)
        {
            // Most expressions end at a token that cannot continue them; one look at its first character says so.
            if (T.Kind is not (TsTokenKind.Template or TsTokenKind.TemplateHead)
                && (T.Kind != TsTokenKind.Punctuator || X[0] is not ('.' or '?' or '[' or '!' or '<'))) return;
            bool questionDot = false;
            bool isPropertyAccess;
            if (allowOptionalChain && Is("?.") && LookAhead(() => { Next(); return IsIdentOrKeyword || Is("[") || T.Kind is TsTokenKind.Template or TsTokenKind.TemplateHead or TsTokenKind.PrivateName; }))
            {
                Next();
                questionDot = true;
                isPropertyAccess = IsIdentOrKeyword || T.Kind == TsTokenKind.PrivateName;
            }
            else
            {
                isPropertyAccess = Optional(".");
            }
            if (isPropertyAccess)
            {
                ParseRightSideOfDot();
                continue;
            }
            if ((questionDot || !_inDecorator) && Is("["))
            {
                Next();
                if (Is("]")) ErrorAtCurrent("An element access expression should take an argument.", 1011);
                else ParseExpressionAllowIn();
                Expected("]");
                continue;
            }
            if (T.Kind is TsTokenKind.Template or TsTokenKind.TemplateHead)
            {
                ParseTemplate();
                continue;
            }
            if (!questionDot)
            {
                if (Is("!") && !NL) { Next(); continue; }
                if (Is("<") && TryParse(ParseTypeArgumentsInExpression)) continue;
            }
            return;
        }
    }

    private void ParseRightSideOfDot()
    {
        if (NL && IsIdentOrKeyword && LookAhead(() => { Next(); return IsIdentOrKeyword && !NL; }))
        {
            ErrorMissing("Identifier expected.", 1003);
            return;
        }
        ParseIdentifierName();
    }

    private bool ParseTypeArgumentsInExpression()
    {
        Next(); // <
        ParseDelimitedList(Ctx.TypeArguments, _type);
        if (!IsGt) return false;
        ExpectedGt();
        // What may follow type arguments in an expression (a call, a template, or something that cannot continue it).
        if (Is("(") || T.Kind is TsTokenKind.Template or TsTokenKind.TemplateHead) return true;
        if (Is("<") || Is(">") || Is("+") || Is("-")) return false;
        return NL || (Class & TokenClass.Binary) != 0 || !IsStartOfExpression();
    }

    private void ParseCallExpressionRest()
    {
        while (true)
        {
            ParseMemberExpressionRest(true);
            if (T.Kind != TsTokenKind.Punctuator || X[0] is not ('?' or '(')) return;
            bool questionDot = Optional("?.");
            bool typeArgs = false;
            if (questionDot)
            {
                typeArgs = Is("<") && TryParse(ParseTypeArgumentsInExpression);
                if (T.Kind is TsTokenKind.Template or TsTokenKind.TemplateHead) { ParseTemplate(); continue; }
            }
            if (typeArgs || Is("("))
            {
                ParseArgumentList();
                continue;
            }
            if (questionDot) ErrorMissing("Identifier expected.", 1003);
            return;
        }
    }

    private void ParseArgumentList()
    {
        Expected("(");
        bool d = _disallowIn;
        _disallowIn = false;
        ParseDelimitedList(Ctx.ArgumentExpressions, _argument);
        _disallowIn = d;
        Expected(")");
    }

    private void ParseArgument()
    {
        Optional("...");
        ParseAssignmentExpression();
    }

    private void ParseArrayElement()
    {
        if (Is(",")) return;
        Optional("...");
        ParseAssignmentExpression();
    }

    private void ParsePrimaryExpression()
    {
        switch (T.Kind)
        {
            case TsTokenKind.Number or TsTokenKind.String or TsTokenKind.Template or TsTokenKind.Regex or TsTokenKind.PrivateName:
                Next();
                return;
            case TsTokenKind.TemplateHead:
                ParseTemplate();
                return;
            case TsTokenKind.Punctuator:
                switch (X)
                {
                    case "(":
                        Next();
                        ParseExpressionAllowIn();
                        Expected(")");
                        return;
                    case "[":
                    {
                        Next();
                        bool saved = _disallowIn;
                        _disallowIn = false;
                        ParseDelimitedList(Ctx.ArrayLiteralMembers, _arrayElement);
                        _disallowIn = saved;
                        Expected("]");
                        return;
                    }
                    case "{":
                        ParseObjectLiteral();
                        return;
                    case "@":
                        ParseDecorators();
                        if (Is("class")) ParseClass(); else ErrorMissing("Expression expected.", 1109);
                        return;
                }
                break;
            case TsTokenKind.Identifier:
                switch (X)
                {
                    case "this" or "super" or "null" or "true" or "false":
                        Next();
                        return;
                    case "async" when IsAt(_p + 1, "function") && !At(_p + 1).NewlineBefore:
                        Next();
                        ParseFunctionExpression(isAsync: true);
                        return;
                    case "function":
                        ParseFunctionExpression(isAsync: false);
                        return;
                    case "class":
                        ParseClass();
                        return;
                    case "new":
                        ParseNew();
                        return;
                }
                break;
        }
        ParseIdentifier("Expression expected.", 1109);
    }

    private void ParseTemplate()
    {
        if (T.Kind == TsTokenKind.Template) { Next(); return; }
        Next(); // head
        while (true)
        {
            ParseExpressionAllowIn();
            if (T.Kind == TsTokenKind.TemplateMiddle) { Next(); continue; }
            if (T.Kind == TsTokenKind.TemplateTail) { Next(); return; }
            Expected("}");
            return;
        }
    }

    private void ParseFunctionExpression(bool isAsync)
    {
        Next(); // function
        bool generator = Optional("*");
        if (IsIdentifier) Next();
        ParseTypeParameters();
        ParseParameters(isAsync, generator);
        ParseReturnType(":");
        ParseFunctionBlock(isAsync, generator);
    }

    private void ParseNew()
    {
        Next(); // new
        if (Optional("."))
        {
            ParseIdentifierName();
            return;
        }
        ParsePrimaryExpression();
        ParseMemberExpressionRest(false);
        if (Is("?.")) ErrorAtCurrent("Invalid optional chain from new expression. Did you mean to call 'new ...()'?", 1209);
        if (Is("(")) ParseArgumentList();
    }

    private void ParseObjectLiteral()
    {
        Next(); // {
        bool d = _disallowIn;
        _disallowIn = false;
        ParseDelimitedList(Ctx.ObjectLiteralMembers, _objectMember, semicolonAsDelimiter: true);
        _disallowIn = d;
        Expected("}");
    }

    private void ParseObjectLiteralElement()
    {
        if (Optional("..."))
        {
            ParseAssignmentExpression();
            return;
        }
        ParseDecorators();
        int modifiers = ParseModifiers();
        if (ParseAccessorIfAny(isType: false)) return;
        bool isAsync = modifiers > 0 && _t[_p - 1].Is("async");
        bool generator = Optional("*");
        bool tokenIsIdentifier = IsIdentifier;
        ParsePropertyName();
        Optional("?");
        if (!NL) Optional("!");
        if (generator || Is("(") || Is("<"))
        {
            ParseTypeParameters();
            ParseParameters(isAsync, generator);
            ParseReturnType(":");
            ParseFunctionBlock(isAsync, generator);
            return;
        }
        if (tokenIsIdentifier && !Is(":"))
        {
            if (Optional("=")) ParseAssignmentAllowIn();
            return;
        }
        Expected(":");
        ParseAssignmentAllowIn();
    }

    // ───────────────────────────── arrow functions ─────────────────────────────

    private enum Tri { False, True, Unknown }

    /// <summary>An arrow function starting at <c>(</c>, <c>&lt;</c> or <c>async</c>; false (nothing consumed) when there is none.</summary>
    private bool TryParseArrowFunction()
    {
        if (Is("async") && IsIdentifierAt(_p + 1) && !At(_p + 1).NewlineBefore && IsAt(_p + 2, "=>"))
        {
            // async x => ...
            Next();
            int param = _p;
            Next();
            ParseArrowAfterParameters(param, isAsync: true);
            return true;
        }
        if (!(Is("(") || Is("<") || Is("async"))) return false;
        var tri = LookAheadTri(IsParenthesizedArrow);
        if (tri == Tri.False) return false;
        if (tri == Tri.True) return ParseParenthesizedArrow(allowAmbiguity: true);
        return TryParse(() => ParseParenthesizedArrow(allowAmbiguity: false));
    }

    private Tri LookAheadTri(Func<Tri> probe)
    {
        var s = Save();
        var result = probe();
        Restore(s);
        return result;
    }

    private Tri IsParenthesizedArrow()
    {
        if (Is("async"))
        {
            Next();
            if (NL) return Tri.False;
            if (!Is("(") && !Is("<")) return Tri.False;
        }
        bool paren = Is("(");
        Next();
        if (paren)
        {
            if (Is(")"))
            {
                Next();
                return Is("=>") || Is(":") || Is("{") ? Tri.True : Tri.False;
            }
            if (Is("[") || Is("{")) return Tri.Unknown;
            if (Is("...")) return Tri.True;
            if (IsModifierWord && !Is("async") && IsIdentifierAt(_p + 1))
            {
                Next();
                return Is("as") ? Tri.False : Tri.True;
            }
            if (!IsIdentifier && !Is("this")) return Tri.False;
            Next();
            if (Is(":")) return Tri.True;
            if (Is("?"))
            {
                Next();
                return Is(":") || Is(",") || Is("=") || Is(")") ? Tri.True : Tri.False;
            }
            if (Is(",") || Is("=") || Is(")")) return Tri.Unknown;
            return Tri.False;
        }
        if (!IsIdentifier && !Is("const")) return Tri.False;
        return Tri.Unknown;
    }

    private bool ParseParenthesizedArrow(bool allowAmbiguity)
    {
        bool isAsync = false;
        if (Is("async")) { Next(); isAsync = true; }
        ParseTypeParameters();
        int errors = _errors.Count;
        if (!Is("("))
        {
            if (!allowAmbiguity) return false;
            Expected("(");
        }
        else
        {
            Next();
            bool a = _inAsync, g = _inGenerator, d = _disallowIn;
            _inAsync = isAsync; _inGenerator = false; _disallowIn = false;
            ParseDelimitedList(Ctx.Parameters, _parameter);
            _inAsync = a; _inGenerator = g; _disallowIn = d;
            if (!Expected(")") && !allowAmbiguity) return false;
        }
        if (Is(":"))
        {
            Next();
            ParseTypeOrTypePredicate();
        }
        if (!allowAmbiguity)
        {
            // In speculation, a signature with any error is not an arrow function's.
            if (_errors.Count > errors) return false;
            if (!Is("=>") && !Is("{")) return false;
        }
        bool hadArrow = Is("=>");
        if (hadArrow && NL) ErrorAtCurrent("Line terminator not permitted before arrow.", 1200);
        Expected("=>");
        if (hadArrow || Is("{")) ParseArrowBody(isAsync);
        else ParseIdentifier();
        return true;
    }

    private void ParseArrowAfterParameters(int parameterIndex, bool isAsync)
    {
        if (NL) ErrorAtCurrent("Line terminator not permitted before arrow.", 1200);
        Next(); // =>
        ParseArrowBody(isAsync);
    }

    private void ParseArrowBody(bool isAsync)
    {
        if (Is("{"))
        {
            ParseFunctionBlock(isAsync, false);
            return;
        }
        bool a = _inAsync, g = _inGenerator;
        _inAsync = isAsync; _inGenerator = false;
        ParseAssignmentExpression();
        _inAsync = a; _inGenerator = g;
    }
}
