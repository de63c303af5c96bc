// A shallow TS/JS outline parser over the token list: brackets, imports, top-level functions, returns.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.TypeScript;

/// <summary>
/// Reads the outline of a file without building a full syntax tree. Every bracket is matched first (the matching
/// index of each opener and closer is kept), so any construct can be skipped in O(1); the top-level scan then
/// recognises declarations by their first tokens. Statement boundaries follow automatic semicolon insertion
/// approximately: a line break ends an expression unless the token before or after it clearly continues it.
/// Unbalanced brackets are reported; nothing else is claimed to be a syntax error.
/// </summary>
public sealed class TsOutlineParser
{
    private const int MaxErrors = 100;
    private const int MaxDepth = 200;

    private static readonly HashSet<string> NotMethodNames = new(StringComparer.Ordinal)
    {
        "if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "await", "yield", "new",
        "delete", "void", "in", "of", "instanceof", "do", "else", "super", "import",
    };

    private static readonly HashSet<string> ContinuingKeywords = new(StringComparer.Ordinal)
    {
        "new", "typeof", "await", "void", "in", "instanceof", "of", "as", "satisfies", "delete", "keyof", "extends",
    };

    private readonly string _text;
    private readonly TsToken[] _t;   // significant tokens, the last being end of file
    private readonly int _n;         // count without the end-of-file token
    private readonly int[] _match;
    private readonly List<TsSyntaxError> _errors = [];

    private readonly List<TsImport> _imports = [];
    private readonly List<TsFunction> _functions = [];
    private readonly List<TsNamedSpan> _nested = [];
    private readonly List<TsNamedSpan> _classes = [];
    private readonly List<TsLocal> _variables = [];
    private readonly HashSet<string> _exported = new(StringComparer.Ordinal);
    private bool _isModule;
    /// <summary>The locals of the function whose returns are being collected, so a concatenation can follow a name.</summary>
    private List<TsLocal>? _currentLocals;

    private TsOutlineParser(string text, TsLexResult lexed)
    {
        _text = text;
        // Counted first, so the token array is made once at its size rather than grown and copied.
        int commentCount = 0;
        foreach (var tok in lexed.Tokens)
            if (tok.IsComment) commentCount++;
        _t = new TsToken[lexed.Tokens.Count - commentCount];
        var comments = new List<TsToken>(commentCount);
        int k = 0;
        foreach (var tok in lexed.Tokens)
        {
            if (tok.IsComment) comments.Add(tok);
            else _t[k++] = tok;
        }
        _n = _t.Length - 1;
        _match = new int[_t.Length];
        Comments = comments;
        _errors.AddRange(lexed.Errors);
    }

    private IReadOnlyList<TsToken> Comments { get; }

    /// <summary>Tokenizes and outlines <paramref name="text"/>. Never throws.</summary>
    public static TsOutline Parse(string text) => Parse(text ?? string.Empty, TsLexer.Tokenize(text ?? string.Empty));

    /// <summary>Outlines <paramref name="text"/> from its tokens, so a caller that also checks the syntax tokenizes once.</summary>
    public static TsOutline Parse(string text, TsLexResult lexed)
    {
        text ??= string.Empty;
        var parser = new TsOutlineParser(text, lexed);
        parser.MatchBrackets();
        parser.ScanAllDepths();
        parser.ScanTopLevel();
        foreach (var f in parser._functions)
            if (parser._exported.Contains(f.Name)) f.IsExported = true;
        // The flat pass and the top-level pass each found some imports; callers expect source order.
        parser._imports.Sort((x, y) => x.ModuleSpan.Start.CompareTo(y.ModuleSpan.Start));
        return new TsOutline
        {
            Tokens = parser._t,
            Comments = parser.Comments,
            Errors = parser._errors,
            Imports = parser._imports,
            Functions = parser._functions,
            NestedFunctions = parser._nested,
            Classes = parser._classes,
            Variables = parser._variables,
            ExportedNames = parser._exported,
            IsModule = parser._isModule,
            Parser = parser,
        };
    }

    // ───────────────────────────── brackets ─────────────────────────────

    private static bool IsOpener(TsToken t) =>
        t.Kind == TsTokenKind.TemplateHead || (t.Kind == TsTokenKind.Punctuator && t.Text is "(" or "[" or "{");

    private static bool IsCloser(TsToken t) =>
        t.Kind is TsTokenKind.TemplateTail or TsTokenKind.TemplateMiddle || (t.Kind == TsTokenKind.Punctuator && t.Text is ")" or "]" or "}");

    private static string CloserOf(TsToken opener) => opener.Text switch { "(" => ")", "[" => "]", "{" => "}", _ => "}" };

    /// <summary>
    /// Pairs every bracket. A closer that does not fit the innermost opener closes a deeper one when it fits
    /// that (the openers in between are reported as unclosed), and is otherwise reported and ignored.
    /// Template pieces pair with their head; the lexer already keeps them consistent.
    /// </summary>
    private void MatchBrackets()
    {
        Array.Fill(_match, -1);
        var stack = new Stack<int>();
        for (int i = 0; i < _n; i++)
        {
            var tok = _t[i];
            if (tok.Kind == TsTokenKind.TemplateHead || (tok.Kind == TsTokenKind.Punctuator && tok.Text is "(" or "[" or "{"))
            {
                stack.Push(i);
                continue;
            }
            if (tok.Kind is TsTokenKind.TemplateMiddle or TsTokenKind.TemplateTail)
            {
                // Unclosed brackets inside a substitution end where the substitution ends.
                while (stack.Count > 0 && _t[stack.Peek()].Kind != TsTokenKind.TemplateHead)
                    Unclosed(stack.Pop());
                if (stack.Count == 0) continue;
                // The head stays open through its middle pieces and is paired with the tail, so skipping a
                // template from its head lands after the whole literal.
                int head = stack.Pop();
                _match[i] = head;
                if (tok.Kind == TsTokenKind.TemplateMiddle) stack.Push(head);
                else _match[head] = i;
                continue;
            }
            if (tok.Kind != TsTokenKind.Punctuator || tok.Text is not (")" or "]" or "}")) continue;

            int depth = 0;
            int found = -1;
            foreach (int open in stack)
            {
                var o = _t[open];
                if (o.Kind != TsTokenKind.Punctuator) break; // never close across a template substitution
                if (CloserOf(o) == tok.Text) { found = depth; break; }
                depth++;
            }
            if (found < 0)
            {
                if (stack.Count > 0 && _t[stack.Peek()].Kind == TsTokenKind.Punctuator)
                {
                    var top = _t[stack.Peek()];
                    AddError(tok.Span, $"'{CloserOf(top)}' expected.");
                    // A wrong closer for a paren or bracket is most likely a typo for the right one ([1, 2)), so it
                    // closes it; a brace is left open, as a stray closer inside a block must not end the block.
                    if (top.Text != "{")
                    {
                        int typo = stack.Pop();
                        _match[typo] = i;
                        _match[i] = typo;
                    }
                }
                else
                {
                    AddError(tok.Span, $"Unexpected '{tok.Text}': nothing is open here.");
                }
                continue;
            }
            for (int k = 0; k < found; k++) Unclosed(stack.Pop());
            int opener = stack.Pop();
            _match[opener] = i;
            _match[i] = opener;
        }
        while (stack.Count > 0) Unclosed(stack.Pop());
    }

    private void Unclosed(int open)
    {
        var o = _t[open];
        if (o.Kind == TsTokenKind.Punctuator)
            AddError(o.Span, $"'{o.Text}' was never closed; '{CloserOf(o)}' expected.");
    }

    private void AddError(TextSpan span, string message)
    {
        if (_errors.Count < MaxErrors) _errors.Add(new TsSyntaxError(span, message));
    }

    /// <summary>The index just past the group opened at <paramref name="i"/>, clamped to <paramref name="end"/>.</summary>
    private int Skip(int i, int end)
    {
        int m = _match[i];
        return m > i && m < end ? m + 1 : end;
    }

    /// <summary>The index of the closer of the group opened at <paramref name="i"/>, or <paramref name="end"/>.</summary>
    private int CloseOf(int i, int end)
    {
        int m = _match[i];
        return m > i && m < end ? m : end;
    }

    private bool Is(int i, string text) => i < _n && _t[i].Is(text);

    private bool IsIdent(int i) => i < _n && _t[i].Kind == TsTokenKind.Identifier;

    private bool AfterDot(int i) => i > 0 && _t[i - 1].Kind == TsTokenKind.Punctuator && _t[i - 1].Text is "." or "?.";

    private TextSpan SpanOf(int from, int toExclusive) =>
        toExclusive > from ? TextSpan.FromBounds(_t[from].Span.Start, _t[toExclusive - 1].Span.End) : new TextSpan(_t[Math.Min(from, _n)].Span.Start, 0);

    // ───────────────────────────── requires, dynamic imports, nested functions ─────────────────────────────

    /// <summary>One flat pass over every token: <c>require("x")</c>, <c>import("x")</c> and functions inside others.</summary>
    private void ScanAllDepths()
    {
        int depth = 0;
        for (int i = 0; i < _n; i++)
        {
            var tok = _t[i];
            if (IsOpener(tok)) { depth++; continue; }
            if (IsCloser(tok))
            {
                // A middle template piece closes one substitution and opens the next: the depth stays.
                if (tok.Kind != TsTokenKind.TemplateMiddle) depth = Math.Max(0, depth - 1);
                continue;
            }
            if (tok.Kind != TsTokenKind.Identifier || AfterDot(i)) continue;
            if ((tok.Text == "require" || tok.Text == "import") && Is(i + 1, "(") && i + 2 < _n && _t[i + 2].Kind == TsTokenKind.String)
            {
                var kind = tok.Text == "require"
                    ? (i >= 2 && _t[i - 1].Is("=") && i >= 3 && _t[i - 3].Is("import") ? TsImportKind.ImportEquals : TsImportKind.Require)
                    : TsImportKind.DynamicImport;
                _imports.Add(new TsImport(TsLexer.StringValue(_t[i + 2]), _t[i + 2].Span, kind, false));
                continue;
            }
            if (depth == 0) continue;
            if (tok.Text == "function" && IsIdent(i + 1))
                _nested.Add(new TsNamedSpan(_t[i + 1].Text, _t[i + 1].Span));
            else if (tok.Text is "const" or "let" or "var" && IsIdent(i + 1) && Is(i + 2, "=") && IsFunctionValue(i + 3))
                _nested.Add(new TsNamedSpan(_t[i + 1].Text, _t[i + 1].Span));
        }
    }

    /// <summary>True when an arrow function or function expression starts at <paramref name="i"/>.</summary>
    private bool IsFunctionValue(int i)
    {
        if (Is(i, "async") && !Is(i + 1, "=>")) i++;
        if (Is(i, "function")) return true;
        if (IsIdent(i) && Is(i + 1, "=>")) return true;
        if (Is(i, "<")) i = SkipAngles(i, _n);
        if (!Is(i, "(")) return false;
        int j = Skip(i, _n);
        if (Is(j, "=>")) return true;
        return Is(j, ":") && Is(SkipType(j + 1, _n, stopAtArrow: true), "=>");
    }

    // ───────────────────────────── top level ─────────────────────────────

    private void ScanTopLevel()
    {
        bool exported = false, isDefault = false;
        int declStart = -1;
        int i = 0;
        while (i < _n)
        {
            var tok = _t[i];
            if (tok.Kind != TsTokenKind.Identifier || AfterDot(i))
            {
                if (tok.Is(";")) { exported = isDefault = false; declStart = -1; }
                i = IsOpener(tok) ? Skip(i, _n) : i + 1;
                continue;
            }
            int start = declStart >= 0 ? declStart : i;
            switch (tok.Text)
            {
                case "import" when !Is(i + 1, "(") && !Is(i + 1, "."):
                    _isModule = true;
                    i = ParseImport(i);
                    break;
                case "export":
                    _isModule = true;
                    if (declStart < 0) declStart = i;
                    i = ParseExport(i, ref exported, ref isDefault);
                    // A complete export statement (export { a }, export default a;) leaves no declaration to start.
                    if (!exported) declStart = -1;
                    continue;
                case "async" when Is(i + 1, "function"):
                    if (declStart < 0) declStart = i;
                    i++;
                    continue;
                case "function":
                    i = ParseFunctionDeclaration(i, start, exported, isDefault);
                    break;
                case "const" or "let" or "var":
                    i = ParseVariable(i, start, exported);
                    break;
                case "class" when IsIdent(i + 1) && _t[i + 1].Text != "extends":
                    _classes.Add(new TsNamedSpan(_t[i + 1].Text, _t[i + 1].Span));
                    if (exported) _exported.Add(_t[i + 1].Text);
                    i = SkipToBlock(i + 2);
                    break;
                case "module" when Is(i + 1, ".") && Is(i + 2, "exports"):
                    i = ParseCommonJsExport(i + 3);
                    break;
                case "exports" when Is(i + 1, ".") && IsIdent(i + 2) && Is(i + 3, "="):
                    _exported.Add(_t[i + 2].Text);
                    i += 4;
                    break;
                case "interface" or "enum" or "namespace" when IsIdent(i + 1):
                    i = SkipToBlock(i + 2);
                    break;
                case "type" when IsIdent(i + 1) && (Is(i + 2, "=") || Is(i + 2, "<")):
                    i = ExpressionEnd(i + 2, _n);
                    break;
                default:
                    i++;
                    break;
            }
            exported = isDefault = false;
            declStart = -1;
        }
    }

    /// <summary>Skips to just past the next block brace group (a class, interface or enum body) at this level.</summary>
    private int SkipToBlock(int i)
    {
        while (i < _n && !_t[i].Is("{") && !_t[i].Is(";"))
            i = IsOpener(_t[i]) ? Skip(i, _n) : i + 1;
        return Is(i, "{") ? Skip(i, _n) : i;
    }

    /// <summary>
    /// <c>import x from "m"</c>, <c>import { a, type B } from "m"</c>, <c>import type X from "m"</c>,
    /// <c>import "m"</c>, <c>import x = require("m")</c> (the require is recorded by the flat pass).
    /// </summary>
    private int ParseImport(int i)
    {
        int j = i + 1;
        bool typeOnly = Is(j, "type") && !Is(j + 1, "from") && !Is(j + 1, ",");
        if (j < _n && _t[j].Kind == TsTokenKind.String)
        {
            _imports.Add(new TsImport(TsLexer.StringValue(_t[j]), _t[j].Span, TsImportKind.Import, false));
            return j + 1;
        }
        while (j < _n && !_t[j].Is(";"))
        {
            var tok = _t[j];
            if (tok.Is("from") && j + 1 < _n && _t[j + 1].Kind == TsTokenKind.String)
            {
                _imports.Add(new TsImport(TsLexer.StringValue(_t[j + 1]), _t[j + 1].Span, TsImportKind.Import, typeOnly));
                return j + 2;
            }
            if (tok.Is("=") || (tok.NewlineBefore && j > i + 1 && tok.Kind == TsTokenKind.Identifier && tok.Text is "import" or "export" or "const" or "function"))
                return j;
            j = IsOpener(tok) ? Skip(j, _n) : j + 1;
        }
        return j;
    }

    private int ParseExport(int i, ref bool exported, ref bool isDefault)
    {
        int j = i + 1;
        if (Is(j, "default"))
        {
            exported = isDefault = true;
            // export default main;  (a name, not a declaration)
            if (IsIdent(j + 1) && _t[j + 1].Text is not ("function" or "async" or "class") && !Is(j + 2, "=>"))
            {
                _exported.Add(_t[j + 1].Text);
                exported = isDefault = false;
                return j + 2;
            }
            return j + 1;
        }
        if (Is(j, "{") || Is(j, "*") || (Is(j, "type") && Is(j + 1, "{")))
        {
            if (Is(j, "type")) j++;
            int close = CloseOf(j, _n);
            if (Is(j, "{"))
            {
                // export { a, b as c, type T }: the local names a, b and T are what this file exports.
                for (int k = j + 1; k < close; k++)
                {
                    if (!(_t[k - 1].Is("{") || _t[k - 1].Is(","))) continue;
                    int nameAt = Is(k, "type") && IsIdent(k + 1) && !Is(k + 1, "as") ? k + 1 : k;
                    if (IsIdent(nameAt)) _exported.Add(_t[nameAt].Text);
                }
                j = Skip(j, _n);
            }
            else
            {
                j++;
                if (Is(j, "as") && IsIdent(j + 1)) j += 2;
            }
            if (Is(j, "from") && j + 1 < _n && _t[j + 1].Kind == TsTokenKind.String)
            {
                _imports.Add(new TsImport(TsLexer.StringValue(_t[j + 1]), _t[j + 1].Span, TsImportKind.ExportFrom, false));
                j += 2;
            }
            exported = isDefault = false;
            return j;
        }
        if (Is(j, "=") && IsIdent(j + 1))
        {
            _exported.Add(_t[j + 1].Text);
            return j + 2;
        }
        exported = true;
        return j;
    }

    /// <summary>After <c>module.exports</c>: <c>= main</c>, <c>= { main, other: f }</c> or <c>.main = …</c>.</summary>
    private int ParseCommonJsExport(int j)
    {
        if (Is(j, ".") && IsIdent(j + 1) && Is(j + 2, "="))
        {
            _exported.Add(_t[j + 1].Text);
            return j + 3;
        }
        if (!Is(j, "=")) return j;
        j++;
        if (IsIdent(j))
        {
            _exported.Add(_t[j].Text);
            return j + 1;
        }
        if (Is(j, "{"))
        {
            int close = CloseOf(j, _n);
            for (int k = j + 1; k < close; k++)
            {
                if (!IsIdent(k) || !(_t[k - 1].Is("{") || _t[k - 1].Is(","))) continue;
                _exported.Add(_t[k].Text);
            }
            return Skip(j, _n);
        }
        return j;
    }

    /// <summary><c>function name&lt;T&gt;(params): Type { body }</c>; anonymous for a default export.</summary>
    private int ParseFunctionDeclaration(int i, int start, bool exported, bool isDefault)
    {
        bool isAsync = i > 0 && _t[i - 1].Is("async");
        int j = i + 1;
        bool generator = Is(j, "*");
        if (generator) j++;
        string name = "";
        var nameSpan = new TextSpan(_t[i].Span.Start, 0);
        if (IsIdent(j) && !Is(j, "("))
        {
            name = _t[j].Text;
            nameSpan = _t[j].Span;
            j++;
        }
        if (name.Length == 0 && !isDefault) return j;
        var f = ParseFunctionRest(j, start, name, nameSpan, isAsync, generator, arrow: false, exported, isDefault);
        if (f.Function is { } fn) _functions.Add(fn);
        return f.Next;
    }

    /// <summary><c>const name[: Type] = value</c> at the top level; a function value makes a TsFunction.</summary>
    private int ParseVariable(int i, int start, bool exported)
    {
        if (!IsIdent(i + 1))
        {
            // const { a } = ... or const [a] = ...: nothing the outline needs at the top level.
            return ExpressionEnd(i + 1, _n);
        }
        var nameTok = _t[i + 1];
        int j = i + 2;
        if (Is(j, ":")) j = SkipType(j + 1, _n, stopAtArrow: false);
        if (!Is(j, "="))
        {
            _variables.Add(new TsLocal(nameTok.Text, nameTok.Span, null));
            return ExpressionEnd(j, _n);
        }
        j++;
        if (exported) _exported.Add(nameTok.Text);
        if (!IsFunctionValue(j))
        {
            int end = ExpressionEnd(j, _n);
            _variables.Add(new TsLocal(nameTok.Text, nameTok.Span, Classify(j, end, 0)));
            return end;
        }
        bool isAsync = Is(j, "async") && !Is(j + 1, "=>");
        if (isAsync) j++;
        if (Is(j, "function"))
        {
            j++;
            bool generator = Is(j, "*");
            if (generator) j++;
            if (IsIdent(j) && !Is(j, "(")) j++;
            var fe = ParseFunctionRest(j, start, nameTok.Text, nameTok.Span, isAsync, generator, arrow: false, exported, false);
            if (fe.Function is { } fn) _functions.Add(fn);
            return fe.Next;
        }
        var r = ParseFunctionRest(j, start, nameTok.Text, nameTok.Span, isAsync, false, arrow: true, exported, false);
        if (r.Function is { } af) _functions.Add(af);
        return r.Next;
    }

    /// <summary>
    /// From the type parameters or parameter list of a function to the end of its body. For an arrow, the
    /// parameter may be a bare identifier (<c>args =&gt; …</c>) and the body an expression.
    /// </summary>
    private (TsFunction? Function, int Next) ParseFunctionRest(int j, int start, string name, TextSpan nameSpan,
        bool isAsync, bool generator, bool arrow, bool exported, bool isDefault)
    {
        if (Is(j, "<")) j = SkipAngles(j, _n);
        IReadOnlyList<TsParameter> parameters;
        TextSpan parametersSpan;
        if (arrow && IsIdent(j) && Is(j + 1, "=>"))
        {
            var p = _t[j];
            parameters = [new TsParameter(p.Text, p.Span, p.Span, null, null, false, false, false, [])];
            parametersSpan = p.Span;
            j++;
        }
        else if (Is(j, "("))
        {
            int close = CloseOf(j, _n);
            parameters = ParseParameters(j + 1, close);
            parametersSpan = SpanOf(j, Math.Min(close + 1, _n));
            j = Skip(j, _n);
        }
        else
        {
            return (null, j + 1);
        }

        string? returnType = null;
        if (Is(j, ":"))
        {
            int typeEnd = SkipType(j + 1, _n, stopAtArrow: arrow);
            returnType = _text[_t[j + 1].Span.Start..(typeEnd > j + 1 ? _t[typeEnd - 1].Span.End : _t[j + 1].Span.Start)];
            j = typeEnd;
        }
        if (arrow)
        {
            if (!Is(j, "=>")) return (null, j);
            j++;
        }

        int bodyStart = j, bodyEnd;
        bool expressionBody = !Is(j, "{");
        if (!expressionBody)
        {
            bodyEnd = Skip(j, _n);
        }
        else if (arrow)
        {
            bodyEnd = ExpressionEnd(j, _n);
        }
        else
        {
            // An overload signature (function f(a: T): U;) has no body.
            return (null, j);
        }

        var returns = new List<TsReturn>();
        var locals = new List<TsLocal>();
        bool canFallOff;
        if (expressionBody)
        {
            returns.Add(new TsReturn(new TextSpan(_t[Math.Min(bodyStart, _n)].Span.Start, 0), Classify(bodyStart, bodyEnd, 0)));
            canFallOff = false;
        }
        else
        {
            int close = CloseOf(bodyStart, _n);
            CollectReturns(bodyStart + 1, close, returns, locals);
            canFallOff = !BlockTerminates(bodyStart + 1, close, 0);
        }

        var fn = new TsFunction
        {
            Name = name,
            NameSpan = nameSpan,
            Span = SpanOf(start, bodyEnd),
            IsAsync = isAsync,
            IsGenerator = generator,
            IsArrow = arrow,
            IsExported = exported,
            IsDefaultExport = isDefault,
            Parameters = parameters,
            ParametersSpan = parametersSpan,
            ReturnType = returnType,
            BodySpan = SpanOf(bodyStart, bodyEnd),
            IsExpressionBody = expressionBody,
            Returns = returns,
            Locals = locals,
            CanFallOffEnd = canFallOff,
        };
        return (fn, bodyEnd);
    }

    // ───────────────────────────── parameters and types ─────────────────────────────

    private IReadOnlyList<TsParameter> ParseParameters(int from, int to)
    {
        var result = new List<TsParameter>();
        int i = from;
        while (i < to)
        {
            int end = ParameterEnd(i, to);
            if (ParseParameter(i, end) is { } p) result.Add(p);
            i = end + 1;
        }
        return result;
    }

    /// <summary>The index of the comma (or <paramref name="to"/>) ending the parameter at <paramref name="i"/>; commas inside type arguments do not count.</summary>
    private int ParameterEnd(int i, int to)
    {
        int angle = 0;
        bool inType = false;
        while (i < to)
        {
            var tok = _t[i];
            if (IsOpener(tok)) { i = Skip(i, to); continue; }
            if (tok.Kind == TsTokenKind.Punctuator)
            {
                switch (tok.Text)
                {
                    case ",": if (angle <= 0) return i; break;
                    case ":": inType = true; break;
                    case "=": inType = false; angle = 0; break;
                    case "<": if (inType) angle++; break;
                    case ">": if (inType) angle--; break;
                    case ">>": if (inType) angle -= 2; break;
                    case ">>>": if (inType) angle -= 3; break;
                }
            }
            i++;
        }
        return to;
    }

    private TsParameter? ParseParameter(int a, int b)
    {
        if (a >= b) return null;
        int i = a;
        while (i + 1 < b && IsIdent(i) && _t[i].Text is "public" or "private" or "protected" or "readonly" or "override" && (IsIdent(i + 1) || Is(i + 1, "{") || Is(i + 1, "[")))
            i++;
        bool rest = Is(i, "...");
        if (rest) i++;
        if (i >= b) return null;
        if (Is(i, "this") && (i + 1 >= b || Is(i + 1, ":"))) return null; // a TypeScript `this` parameter is not passed
        string name;
        var nameSpan = _t[i].Span;
        IReadOnlyList<TsPropertyKey> destructured = [];
        bool pattern = false;
        if (Is(i, "{") || Is(i, "["))
        {
            int close = CloseOf(i, b);
            pattern = true;
            if (Is(i, "{")) destructured = PatternKeys(i + 1, close);
            nameSpan = SpanOf(i, Math.Min(close + 1, b));
            name = _text.Substring(nameSpan.Start, nameSpan.Length);
            i = Skip(i, b);
        }
        else if (IsIdent(i))
        {
            name = _t[i].Text;
            i++;
        }
        else
        {
            return null;
        }
        bool optional = Is(i, "?");
        if (optional) i++;
        string? annotation = null;
        TextSpan? annotationSpan = null;
        if (Is(i, ":") && i + 1 < b)
        {
            int typeEnd = SkipType(i + 1, b, stopAtArrow: false);
            annotationSpan = SpanOf(i + 1, typeEnd);
            annotation = _text.Substring(annotationSpan.Value.Start, annotationSpan.Value.Length);
            i = typeEnd;
        }
        bool hasDefault = Is(i, "=");
        return new TsParameter(name, SpanOf(a, b), nameSpan, annotation, annotationSpan, optional, hasDefault, rest, destructured) { IsPattern = pattern };
    }

    /// <summary>
    /// Skips a type annotation starting at <paramref name="j"/> and returns the index of the token after it:
    /// a body brace (a <c>{</c> where the type is already complete), <c>=</c>, <c>,</c>, <c>;</c>, a closer,
    /// or (for arrow return types) <c>=&gt;</c>. An object type is a <c>{</c> where a type is still expected.
    /// </summary>
    private int SkipType(int j, int end, bool stopAtArrow)
    {
        int angle = 0;
        bool expectType = true;
        while (j < end)
        {
            var tok = _t[j];
            if (tok.Kind == TsTokenKind.Punctuator)
            {
                switch (tok.Text)
                {
                    case "{":
                        if (!expectType && angle <= 0) return j;
                        j = Skip(j, end);
                        expectType = false;
                        continue;
                    case "(" or "[":
                        j = Skip(j, end);
                        expectType = false;
                        continue;
                    case "<": angle++; expectType = true; break;
                    case ">": angle--; expectType = false; break;
                    case ">>": angle -= 2; expectType = false; break;
                    case ">>>": angle -= 3; expectType = false; break;
                    case "=>":
                        if (stopAtArrow && angle <= 0) return j;
                        expectType = true;
                        break;
                    case "," or "=" or ";" when angle <= 0:
                        return j;
                    case ")" or "]" or "}":
                        return j;
                    case "|" or "&" or "," or ":" or "?" or ".":
                        expectType = true;
                        break;
                    default:
                        expectType = false;
                        break;
                }
                j++;
                continue;
            }
            if (tok.Kind == TsTokenKind.TemplateHead) { j = Skip(j, end); expectType = false; continue; }
            if (tok.Kind == TsTokenKind.Identifier && tok.Text is "keyof" or "typeof" or "infer" or "readonly" or "extends" or "is" or "unique" or "asserts")
                expectType = true;
            else
            {
                // Two names in a row without an operator mean the type ended before this token (ASI-like).
                if (!expectType && tok.NewlineBefore && angle <= 0) return j;
                expectType = false;
            }
            j++;
        }
        return end;
    }

    private int SkipAngles(int j, int end)
    {
        int angle = 0;
        while (j < end)
        {
            var tok = _t[j];
            if (IsOpener(tok)) { j = Skip(j, end); continue; }
            if (tok.Is("<")) angle++;
            else if (tok.Is(">")) angle--;
            else if (tok.Is(">>")) angle -= 2;
            else if (tok.Is(">>>")) angle -= 3;
            else if (tok.Is(";") || tok.Is("{")) return j;
            j++;
            if (angle <= 0) return j;
        }
        return end;
    }

    /// <summary>The keys of an object destructuring pattern between its braces: <c>a</c>, <c>a: b</c>, <c>"a-b": c</c>, <c>a = 1</c>.</summary>
    private IReadOnlyList<TsPropertyKey> PatternKeys(int from, int to)
    {
        var keys = new List<TsPropertyKey>();
        int i = from;
        while (i < to)
        {
            var tok = _t[i];
            if (tok.Kind == TsTokenKind.Identifier && !tok.Is("..."))
                keys.Add(new TsPropertyKey(tok.Text, tok.Span));
            else if (tok.Kind == TsTokenKind.String)
                keys.Add(new TsPropertyKey(TsLexer.StringValue(tok), InsideQuotes(tok)));
            // Skip the rest of this property (its alias, default or nested pattern) up to the next comma.
            while (i < to && !_t[i].Is(","))
                i = IsOpener(_t[i]) ? Skip(i, to) : i + 1;
            i++;
        }
        return keys;
    }

    /// <summary>The span of a string literal's content, without its quotes.</summary>
    public static TextSpan InsideQuotes(TsToken tok)
    {
        bool closed = (tok.Flags & TsTokenFlags.Unterminated) == 0 && tok.Text.Length >= 2;
        return TextSpan.FromBounds(tok.Span.Start + 1, closed ? tok.Span.End - 1 : tok.Span.End);
    }

    // ───────────────────────────── expressions ─────────────────────────────

    /// <summary>
    /// The index ending the expression that starts at <paramref name="k"/>: a <c>;</c>, a closer of the
    /// enclosing group, a comma when <paramref name="stopAtComma"/>, or a line break that automatic semicolon
    /// insertion would end the statement at.
    /// </summary>
    private int ExpressionEnd(int k, int end, bool stopAtComma = false)
    {
        int j = k;
        while (j < end)
        {
            var tok = _t[j];
            if (tok.Is(";") || IsCloser(tok)) return j;
            if (stopAtComma && tok.Is(",")) return j;
            if (j > k && tok.NewlineBefore && !Continues(_t[j - 1], tok)) return j;
            j = IsOpener(tok) ? Skip(j, end) : j + 1;
        }
        return end;
    }

    /// <summary>Whether a line break between <paramref name="prev"/> and <paramref name="next"/> continues one expression.</summary>
    private static bool Continues(TsToken prev, TsToken next)
    {
        if (prev.Kind == TsTokenKind.Punctuator && prev.Text is not (")" or "]" or "}" or "++" or "--")) return true;
        if (prev.Kind == TsTokenKind.Identifier && ContinuingKeywords.Contains(prev.Text)) return true;
        if (prev.Kind is TsTokenKind.TemplateHead or TsTokenKind.TemplateMiddle) return true;
        if (next.Kind == TsTokenKind.Punctuator)
            return next.Text is not ("(" or "[" or "{" or "++" or "--" or "!" or "~" or "@" or "..." or ";" or "}" or ")" or "]");
        return next.Kind == TsTokenKind.Identifier && next.Text is "in" or "instanceof" or "as" or "satisfies";
    }

    /// <summary>What the expression in tokens [a, b) evidently is.</summary>
    private TsValue Classify(int a, int b, int depth)
    {
        while (a < b && _t[a].Is("(") && _match[a] == b - 1) { a++; b--; }
        if (a >= b) return new TsValue(TsValueKind.Other, SpanOf(a, a));
        var span = SpanOf(a, b);
        var first = _t[a];
        if (first.Is("await") && b - a > 1) return Classify(a + 1, b, depth);
        if (depth < 8 && b - a > 1)
        {
            if (ClassifyConditional(a, b, depth) is { } conditional) return conditional;
            if (IsStringConcatenation(a, b)) return new TsValue(TsValueKind.String, span);
            // expr as string: the compiler's type of the value is string.
            if (b - a >= 3 && _t[b - 2].Is("as") && _t[b - 1].Is("string") && TopLevelOperatorsIn(a, b - 2) == 0)
                return new TsValue(TsValueKind.String, span);
        }
        if (b - a == 1)
        {
            switch (first.Kind)
            {
                case TsTokenKind.Identifier:
                    return first.Text switch
                    {
                        "undefined" => new TsValue(TsValueKind.Undefined, span),
                        "null" => new TsValue(TsValueKind.Null, span),
                        "NaN" or "Infinity" => new TsValue(TsValueKind.NonFinite, span, first.Text),
                        "true" or "false" or "this" => new TsValue(TsValueKind.Other, span),
                        _ => new TsValue(TsValueKind.Identifier, span, first.Text),
                    };
                case TsTokenKind.Number:
                    return new TsValue(first.Text.EndsWith('n') && !first.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? TsValueKind.BigInt : TsValueKind.Other, span);
                case TsTokenKind.String or TsTokenKind.Template:
                    return new TsValue(TsValueKind.String, span);
                case TsTokenKind.Regex:
                    return new TsValue(TsValueKind.RegExp, span);
            }
        }
        if (first.Is("-") && b - a == 2 && _t[a + 1].Is("Infinity")) return new TsValue(TsValueKind.NonFinite, span, "-Infinity");
        if (first.Is("void")) return new TsValue(TsValueKind.Undefined, span);
        if (first.Is("typeof") && TopLevelOperatorsIn(a + 1, b) == 0) return new TsValue(TsValueKind.String, span);
        if (first.Kind == TsTokenKind.TemplateHead && _match[a] == b - 1) return new TsValue(TsValueKind.String, span);
        if (first.Is("{") && _match[a] == b - 1)
            return new TsValue(TsValueKind.Object, span) { Inner = depth < 8 ? ObjectMembers(a + 1, b - 1, depth + 1) : [] };
        if (first.Is("[") && _match[a] == b - 1)
            return new TsValue(TsValueKind.Array, span) { Inner = depth < 8 ? ArrayElements(a + 1, b - 1, depth + 1) : [] };
        if (first.Is("JSON") && Is(a + 1, ".") && Is(a + 2, "stringify") && Is(a + 3, "(") && _match[a + 3] == b - 1)
            return new TsValue(TsValueKind.JsonString, span);
        if (first.Is("new") && IsIdent(a + 1))
        {
            int j = a + 2;
            if (Is(j, "<")) j = SkipAngles(j, b);
            bool wholeCall = Is(j, "(") ? _match[j] == b - 1 : j == b;
            if (wholeCall)
            {
                switch (_t[a + 1].Text)
                {
                    case "Set" or "WeakSet": return new TsValue(TsValueKind.Set, span, _t[a + 1].Text);
                    case "Map" or "WeakMap": return new TsValue(TsValueKind.Map, span, _t[a + 1].Text);
                    case "RegExp": return new TsValue(TsValueKind.RegExp, span);
                }
            }
        }
        if (first.Is("BigInt") && Is(a + 1, "(") && _match[a + 1] == b - 1) return new TsValue(TsValueKind.BigInt, span);
        if (first.Is("String") && Is(a + 1, "(") && _match[a + 1] == b - 1) return new TsValue(TsValueKind.String, span);
        // helper(...): the caller looks at the helper's declared return type.
        if (first.Kind == TsTokenKind.Identifier && Is(a + 1, "(") && _match[a + 1] == b - 1 && !AfterDot(a))
            return new TsValue(TsValueKind.Call, span, first.Text);
        if (first.Is("function") || first.Is("class") || (first.Is("async") && Is(a + 1, "function")) || IsFunctionValue(a))
            return new TsValue(TsValueKind.Function, span);
        return new TsValue(TsValueKind.Other, span);
    }

    /// <summary>
    /// <c>cond ? x : y</c> at the top level of [a, b): undefined or null when either branch is (the span is that
    /// branch's, so the report and its fix land there), a string when both branches are; otherwise null.
    /// </summary>
    private TsValue? ClassifyConditional(int a, int b, int depth)
    {
        int question = -1;
        for (int i = a; i < b; i = IsOpener(_t[i]) ? Skip(i, b) : i + 1)
        {
            if (_t[i].Is("?")) { question = i; break; }
            if (_t[i].Is("=>") || _t[i].Is("=")) return null;
        }
        if (question < 0) return null;
        // The colon of this conditional: nested conditionals in the true branch pair their own colons.
        int nested = 0, colon = -1;
        for (int i = question + 1; i < b; i = IsOpener(_t[i]) ? Skip(i, b) : i + 1)
        {
            if (_t[i].Is("?")) nested++;
            else if (_t[i].Is(":") && nested-- == 0) { colon = i; break; }
        }
        if (colon < 0) return null;
        var whenTrue = Classify(question + 1, colon, depth + 1);
        var whenFalse = Classify(colon + 1, b, depth + 1);
        foreach (var branch in new[] { whenTrue, whenFalse })
            if (branch.Kind is TsValueKind.Undefined or TsValueKind.Null) return branch;
        if (whenTrue.Kind == TsValueKind.String && whenFalse.Kind == TsValueKind.String) return new TsValue(TsValueKind.String, SpanOf(a, b));
        return null;
    }

    /// <summary>
    /// True for <c>"Summary: " + x</c>: a chain whose only top-level binary operators are <c>+</c> (and the
    /// multiplicative ones, which bind tighter), with a string or template literal as one of its operands, so the
    /// result is a string whatever the other operands are.
    /// </summary>
    private bool IsStringConcatenation(int a, int b)
    {
        bool plus = false, literal = false, expectOperand = true;
        for (int i = a; i < b; )
        {
            var tok = _t[i];
            if (tok.Kind == TsTokenKind.Punctuator && !IsOpener(tok))
            {
                if (expectOperand)
                {
                    // Prefix operators of the next operand.
                    if (tok.Text is "+" or "-" or "!" or "~" or "++" or "--") { i++; continue; }
                    return false;
                }
                switch (tok.Text)
                {
                    case "+": plus = true; expectOperand = true; i++; continue;
                    case "*" or "/" or "%" or "**": expectOperand = true; i++; continue;
                    case "." or "?." or "!": i++; continue;
                    default: return false;
                }
            }
            if (tok.Kind == TsTokenKind.Identifier && !expectOperand)
            {
                if (tok.Text is "as" or "satisfies" or "in" or "instanceof") return false;
            }
            bool atOperandStart = expectOperand;
            if (atOperandStart && (tok.Kind is TsTokenKind.String or TsTokenKind.Template || (tok.Kind == TsTokenKind.TemplateHead && _match[i] > i)
                || (tok.Kind == TsTokenKind.Identifier && IsStringName(tok.Text))))
            {
                int next = tok.Kind == TsTokenKind.TemplateHead ? Skip(i, b) : i + 1;
                // A literal operand followed by a member access or call (`"a".repeat(2)`) is not a bare literal.
                if (next >= b || Is(next, "+")) literal = true;
            }
            expectOperand = false;
            i = IsOpener(tok) ? Skip(i, b) : i + 1;
        }
        return plus && literal;
    }

    /// <summary>
    /// True when <paramref name="name"/> is bound to a string: a local of the function being read (declared before
    /// this point) or a top-level variable, initialised with a string.
    /// </summary>
    private bool IsStringName(string name)
    {
        if (_currentLocals is { } locals)
            for (int k = locals.Count - 1; k >= 0; k--)
                if (locals[k].Name == name) return locals[k].Value?.Kind == TsValueKind.String;
        for (int k = _variables.Count - 1; k >= 0; k--)
            if (_variables[k].Name == name) return _variables[k].Value?.Kind == TsValueKind.String;
        return false;
    }

    /// <summary>How many binary or ternary operators stand at the top level of [a, b).</summary>
    private int TopLevelOperatorsIn(int a, int b)
    {
        int count = 0;
        for (int i = a + 1; i < b; i = IsOpener(_t[i]) ? Skip(i, b) : i + 1)
            if (_t[i].Kind == TsTokenKind.Punctuator && _t[i].Text is not ("." or "?." or "!") && !IsCloser(_t[i])) count++;
        return count;
    }

    /// <summary>The items of a comma-separated list between brackets, as token ranges [Start, End).</summary>
    private IEnumerable<(int Start, int End)> ListItems(int from, int to)
    {
        int i = from;
        while (i < to)
        {
            int end = ExpressionEnd(i, to, stopAtComma: true);
            if (end <= i) end = i + 1;
            yield return (i, end);
            i = end + 1;
        }
    }

    /// <summary>The property values of an object literal between its braces, each with its key.</summary>
    private IReadOnlyList<TsValue> ObjectMembers(int from, int to, int depth)
    {
        var members = new List<TsValue>();
        foreach (var (i, end) in ListItems(from, to))
        {
            var tok = _t[i];
            if (!(tok.Kind is TsTokenKind.Identifier or TsTokenKind.String or TsTokenKind.Number || tok.Is("["))) continue;
            int keyEnd = tok.Is("[") ? Skip(i, end) : i + 1;
            string key = tok.Kind == TsTokenKind.String ? TsLexer.StringValue(tok) : _text.Substring(_t[i].Span.Start, _t[keyEnd - 1].Span.End - _t[i].Span.Start);
            if (Is(keyEnd, ":"))
                members.Add(Classify(keyEnd + 1, end, depth) with { Key = key });
            else if (keyEnd == end && tok.Kind == TsTokenKind.Identifier)
                members.Add(new TsValue(TsValueKind.Identifier, tok.Span, tok.Text, tok.Text)); // shorthand { a }
            else if (Is(keyEnd, "(") || Is(keyEnd, "<"))
                members.Add(new TsValue(TsValueKind.Function, SpanOf(i, end), Key: key)); // method shorthand
        }
        return members;
    }

    private IReadOnlyList<TsValue> ArrayElements(int from, int to, int depth)
    {
        var items = new List<TsValue>();
        foreach (var (i, end) in ListItems(from, to))
            if (!_t[i].Is("...") && !_t[i].Is(",")) items.Add(Classify(i, end, depth));
        return items;
    }

    // ───────────────────────────── function bodies ─────────────────────────────

    /// <summary>
    /// The returns of one function body (not of functions nested in it) and its <c>const x = …</c> locals.
    /// Nested bodies are skipped: after <c>function</c>, after <c>=&gt; {</c>, and method bodies
    /// (<c>name(…) {</c> where the name is not a keyword such as <c>if</c>).
    /// </summary>
    private void CollectReturns(int from, int to, List<TsReturn> returns, List<TsLocal> locals)
    {
        _currentLocals = locals;
        try { CollectReturnsIn(from, to, returns, locals); }
        finally { _currentLocals = null; }
    }

    private void CollectReturnsIn(int from, int to, List<TsReturn> returns, List<TsLocal> locals)
    {
        int i = from;
        while (i < to)
        {
            var tok = _t[i];
            if (AfterDot(i)) { i++; continue; }
            if (tok.Is("function")) { i = SkipFunction(i, to); continue; }
            if (tok.Is("=>") && Is(i + 1, "{")) { i = Skip(i + 1, to); continue; }
            if (tok.Is("(") && IsMethodHeader(i, to, out int methodEnd)) { i = methodEnd; continue; }
            if (tok.Is("return"))
            {
                int k = i + 1;
                if (k >= to || _t[k].NewlineBefore || _t[k].Is(";") || _t[k].Is("}"))
                {
                    returns.Add(new TsReturn(tok.Span, null));
                    i = k;
                    continue;
                }
                int end = ExpressionEnd(k, to);
                returns.Add(new TsReturn(tok.Span, Classify(k, end, 0)));
                // The returned expression may hold nested functions with returns of their own; keep scanning
                // inside it so those are skipped by the rules above rather than mistaken for ours.
                i = k;
                continue;
            }
            if (tok.Kind == TsTokenKind.Identifier && tok.Text is "const" or "let" or "var" && IsIdent(i + 1))
            {
                int j = i + 2;
                if (Is(j, ":")) j = SkipType(j + 1, to, stopAtArrow: false);
                if (Is(j, "="))
                {
                    int end = ExpressionEnd(j + 1, to, stopAtComma: true);
                    locals.Add(new TsLocal(_t[i + 1].Text, _t[i + 1].Span, Classify(j + 1, end, 0)));
                    i = j + 1;
                    continue;
                }
            }
            i++;
        }
    }

    /// <summary>True when the paren at <paramref name="i"/> starts a method's parameters: <c>name(…) {</c> or <c>name(…): T {</c>.</summary>
    private bool IsMethodHeader(int i, int to, out int bodyEnd)
    {
        bodyEnd = i + 1;
        if (i == 0 || _t[i - 1].Kind != TsTokenKind.Identifier || NotMethodNames.Contains(_t[i - 1].Text)) return false;
        if (i >= 2 && _t[i - 2].Is("function")) return false;
        int j = Skip(i, to);
        if (Is(j, ":")) j = SkipType(j + 1, to, stopAtArrow: false);
        if (!Is(j, "{")) return false;
        bodyEnd = Skip(j, to);
        return true;
    }

    /// <summary>Skips a function expression or declaration from its <c>function</c> keyword to past its body.</summary>
    private int SkipFunction(int i, int to)
    {
        int j = i + 1;
        if (Is(j, "*")) j++;
        if (IsIdent(j) && !Is(j, "(")) j++;
        if (Is(j, "<")) j = SkipAngles(j, to);
        if (Is(j, "(")) j = Skip(j, to);
        if (Is(j, ":")) j = SkipType(j + 1, to, stopAtArrow: false);
        return Is(j, "{") ? Skip(j, to) : j;
    }

    /// <summary>True when every path through the statements in [s, e) ends in <c>return</c> or <c>throw</c>.</summary>
    private bool BlockTerminates(int s, int e, int depth)
    {
        if (depth > MaxDepth) return true; // too deep to tell: claim nothing
        int i = s;
        while (i < e)
        {
            var (next, terminates) = Statement(i, e, depth);
            if (terminates) return true;
            i = next > i ? next : i + 1;
        }
        return false;
    }

    /// <summary>Reads one statement at <paramref name="i"/>: where it ends, and whether it always leaves the function.</summary>
    private (int Next, bool Terminates) Statement(int i, int e, int depth)
    {
        var tok = _t[i];
        if (tok.Is(";")) return (i + 1, false);
        if (tok.Is("{")) return (Skip(i, e), BlockTerminates(i + 1, CloseOf(i, e), depth + 1));
        if (tok.Kind != TsTokenKind.Identifier) return (ExpressionStatementEnd(i, e), false);
        switch (tok.Text)
        {
            case "return" or "throw":
            {
                int k = i + 1;
                int end = k >= e || _t[k].NewlineBefore || _t[k].Is(";") || _t[k].Is("}") ? k : ExpressionEnd(k, e);
                return (Is(end, ";") ? end + 1 : end, true);
            }
            case "if":
            {
                int j = Is(i + 1, "(") ? Skip(i + 1, e) : i + 1;
                if (j >= e) return (e, false);
                var (afterThen, thenTerm) = Statement(j, e, depth + 1);
                if (!Is(afterThen, "else") || afterThen >= e) return (afterThen, false);
                if (afterThen + 1 >= e) return (e, false);
                var (afterElse, elseTerm) = Statement(afterThen + 1, e, depth + 1);
                return (afterElse, thenTerm && elseTerm);
            }
            case "try":
            {
                int j = i + 1;
                bool tryTerm = Is(j, "{") && BlockTerminates(j + 1, CloseOf(j, e), depth + 1);
                j = Is(j, "{") ? Skip(j, e) : j;
                bool catchTerm = true;
                if (Is(j, "catch"))
                {
                    j++;
                    if (Is(j, "(")) j = Skip(j, e);
                    catchTerm = Is(j, "{") && BlockTerminates(j + 1, CloseOf(j, e), depth + 1);
                    if (Is(j, "{")) j = Skip(j, e);
                }
                bool finallyTerm = false;
                if (Is(j, "finally"))
                {
                    j++;
                    finallyTerm = Is(j, "{") && BlockTerminates(j + 1, CloseOf(j, e), depth + 1);
                    if (Is(j, "{")) j = Skip(j, e);
                }
                return (j, (tryTerm && catchTerm) || finallyTerm);
            }
            case "switch":
            {
                int j = Is(i + 1, "(") ? Skip(i + 1, e) : i + 1;
                if (!Is(j, "{")) return (j, false);
                return (Skip(j, e), SwitchTerminates(j + 1, CloseOf(j, e), depth + 1));
            }
            case "while" or "for":
            {
                int j = i + 1;
                if (Is(j, "await")) j++;
                bool infinite = false;
                if (Is(j, "("))
                {
                    int close = CloseOf(j, e);
                    infinite = tok.Text == "while" ? close == j + 2 && Is(j + 1, "true") : close == j + 3 && Is(j + 1, ";") && Is(j + 2, ";");
                    j = Skip(j, e);
                }
                if (j >= e) return (e, false);
                var (after, _) = Statement(j, e, depth + 1);
                return (after, infinite && !HasToken(j, after, "break"));
            }
            case "do":
            {
                if (i + 1 >= e) return (e, false);
                var (after, bodyTerm) = Statement(i + 1, e, depth + 1);
                if (Is(after, "while")) after = Is(after + 1, "(") ? Skip(after + 1, e) : after + 1;
                if (Is(after, ";")) after++;
                return (after, bodyTerm);
            }
            case "function":
                return (SkipFunction(i, e), false);
            case "async" when Is(i + 1, "function"):
                return (SkipFunction(i + 1, e), false);
            case "class":
                return (SkipToBlockWithin(i + 1, e), false);
            case "break" or "continue":
            {
                int j = i + 1;
                if (IsIdent(j) && !_t[j].NewlineBefore) j++;
                return (Is(j, ";") ? j + 1 : j, false);
            }
        }
        // A label: `outer: for (…)`.
        if (Is(i + 1, ":") && !NotMethodNames.Contains(tok.Text) && i + 2 < e) return Statement(i + 2, e, depth + 1);
        return (ExpressionStatementEnd(i, e), false);
    }

    private int ExpressionStatementEnd(int i, int e)
    {
        int end = ExpressionEnd(i, e);
        if (end <= i) end = i + 1;
        return Is(end, ";") ? end + 1 : end;
    }

    private int SkipToBlockWithin(int i, int e)
    {
        while (i < e && !_t[i].Is("{")) i = IsOpener(_t[i]) ? Skip(i, e) : i + 1;
        return i < e ? Skip(i, e) : e;
    }

    /// <summary>
    /// A switch always leaves the function when it has a <c>default</c> and each clause with statements ends in
    /// return or throw before any <c>break</c> (empty clauses fall through to the next one).
    /// </summary>
    private bool SwitchTerminates(int s, int e, int depth)
    {
        bool hasDefault = false;
        int i = s;
        while (i < e)
        {
            if (!(Is(i, "case") || Is(i, "default"))) { i++; continue; }
            if (Is(i, "default")) hasDefault = true;
            // Find the clause's colon, then run its statements up to the next clause.
            int j = i + 1;
            while (j < e && !_t[j].Is(":")) j = IsOpener(_t[j]) ? Skip(j, e) : j + 1;
            j++;
            bool clauseTerm = false, empty = true;
            while (j < e && !Is(j, "case") && !Is(j, "default"))
            {
                empty = false;
                if (Is(j, "break")) return false;
                var (next, term) = Statement(j, e, depth + 1);
                if (term) clauseTerm = true;
                j = next > j ? next : j + 1;
                if (clauseTerm)
                {
                    while (j < e && !Is(j, "case") && !Is(j, "default")) j = IsOpener(_t[j]) ? Skip(j, e) : j + 1;
                }
            }
            if (!empty && !clauseTerm) return false;
            i = j;
        }
        return hasDefault;
    }

    private bool HasToken(int from, int to, string text)
    {
        for (int k = from; k < to; k++)
            if (_t[k].Is(text)) return true;
        return false;
    }

    // ───────────────────────────── property reads ─────────────────────────────

    internal IReadOnlyList<TsPropertyRead> PropertyReads(string objectName, TextSpan within)
    {
        var reads = new List<TsPropertyRead>();
        int i = Math.Max(0, IndexAt(within.Start));
        for (; i < _n && _t[i].Span.End <= within.End; i++)
        {
            var tok = _t[i];
            if (tok.Kind != TsTokenKind.Identifier || tok.Text != objectName || AfterDot(i)) continue;
            int j = i + 1;
            if (Is(j, "!")) j++; // a TypeScript non-null assertion: args!.key
            if ((Is(j, ".") || Is(j, "?.")) && IsIdent(j + 1))
            {
                reads.Add(new TsPropertyRead(_t[j + 1].Text, _t[j + 1].Span, TsReadForm.Dot));
                continue;
            }
            if (Is(j, "?.") && Is(j + 1, "[")) j++;
            if (Is(j, "[") && j + 2 < _n && _t[j + 1].Kind is TsTokenKind.String or TsTokenKind.Template && _t[j + 2].Is("]"))
            {
                reads.Add(new TsPropertyRead(TsLexer.StringValue(_t[j + 1]), InsideQuotes(_t[j + 1]), TsReadForm.Bracket));
                continue;
            }
            // const { a, "b-c": d } = args;
            if (i >= 2 && _t[i - 1].Is("=") && _t[i - 2].Is("}"))
            {
                int open = _match[i - 2];
                if (open >= 0 && open < i - 2)
                    foreach (var key in PatternKeys(open + 1, i - 2))
                        reads.Add(new TsPropertyRead(key.Key, key.Span, TsReadForm.Destructure));
            }
        }
        return reads;
    }

    /// <summary>The index of the significant token that contains or ends at <paramref name="offset"/>; -1 before the first.</summary>
    internal int IndexAt(int offset)
    {
        int lo = 0, hi = _n - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_t[mid].Span.Start <= offset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }
}
