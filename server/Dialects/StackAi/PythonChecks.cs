// The Stack AI contract for a Python node, checked on the syntax tree from our Python parser.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;

namespace CodeNodeLsp.Dialects.StackAi;

internal sealed class PythonChecks : NodeChecker
{
    /// <summary>Annotations that say args is not a dict (it maps upstream ids to outputs).</summary>
    private static readonly HashSet<string> NonDictTypes = new(StringComparer.Ordinal)
    {
        "str", "int", "float", "bool", "bytes", "list", "tuple", "set", "frozenset", "List", "Tuple", "Set", "None",
    };

    /// <summary>Bases that make a class's instances JSON-serialisable by the json module.</summary>
    private static readonly HashSet<string> JsonBases = new(StringComparer.Ordinal)
    {
        "dict", "list", "str", "int", "float", "tuple", "TypedDict", "NamedTuple", "Dict", "List", "IntEnum", "StrEnum",
    };

    /// <summary>Calls at module level that are cheap and conventional, so no "import-time work" hint.</summary>
    private static readonly HashSet<string> CheapModuleCalls = new(StringComparer.Ordinal)
    {
        "re.compile", "logging.getLogger", "os.getenv", "os.environ.get", "TypeVar", "typing.TypeVar", "NewType",
        "namedtuple", "collections.namedtuple", "frozenset", "set", "dict", "list", "tuple", "field",
        "dataclasses.field", "ParamSpec",
    };

    private static readonly HashSet<string> ExitCalls = new(StringComparer.Ordinal) { "sys.exit", "exit", "quit", "os._exit", "os.abort" };

    private Module _module = null!;
    private IReadOnlyList<SyntaxError> _syntaxErrors = [];
    private MainIndex _main = MainIndex.Empty;
    /// <summary>Every statement in source order, with the innermost def or class around it and whether an
    /// <c>except ImportError</c> guards it; imports and defs are only ever statements, so this one list serves both.</summary>
    private List<(Stmt Stmt, Stmt? Owner, bool Optional)> _statements = [];
    private IReadOnlyList<Token> _tokens = [];

    /// <summary>
    /// What main's own body binds, collected in one walk so that resolving each returned name costs a lookup
    /// (a long main has hundreds of returns; walking the body per name would be quadratic).
    /// </summary>
    private sealed class MainIndex
    {
        public static readonly MainIndex Empty = new([]);

        public MainIndex(List<Stmt> own)
        {
            foreach (var n in own)
            {
                switch (n)
                {
                    case Assign { Targets: [Name t] } a:
                        Add(t.Id, a.Value);
                        break;
                    case Assign a:
                        foreach (var target in a.Targets) AddUnknowable(target);
                        break;
                    case AnnAssign { Target: Name at, Value: { } v }:
                        Add(at.Id, v);
                        break;
                    // x += ..., for x in ...: the value may change kind; claim nothing about x.
                    case AugAssign { Target: Name ag }:
                        Unknowable.Add(ag.Id);
                        break;
                    case For f:
                        AddUnknowable(f.Target);
                        break;
                    case With w:
                        foreach (var item in w.Items) if (item.OptionalVars is { } v) AddUnknowable(v);
                        break;
                    case FunctionDef f:
                        Functions.Add(f.Name.Name);
                        break;
                }
            }
        }

        public Dictionary<string, List<Expr>> Values { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Unknowable { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Functions { get; } = new(StringComparer.Ordinal);

        /// <summary>Names bound by a target whose value is not one expression (a, b = ...; for x in ...).</summary>
        private void AddUnknowable(Expr target)
        {
            switch (target)
            {
                case Name n: Unknowable.Add(n.Id); break;
                case TupleExpr t: foreach (var e in t.Elts) AddUnknowable(e); break;
                case ListExpr l: foreach (var e in l.Elts) AddUnknowable(e); break;
                case Starred st: AddUnknowable(st.Value); break;
            }
        }

        private void Add(string name, Expr value)
        {
            if (!Values.TryGetValue(name, out var list)) Values[name] = list = [];
            list.Add(value);
        }

        /// <summary>The values assigned to a plain name in main's own body, or none when it is rebound otherwise.</summary>
        public IReadOnlyList<Expr> ValuesOf(string name) =>
            !Unknowable.Contains(name) && Values.TryGetValue(name, out var list) ? list : [];

        public bool IsAssigned(string name) => Values.ContainsKey(name) || Unknowable.Contains(name);
    }

    public PythonChecks(AnalysisRequest request, StackAiOptions options) : base(request, options)
    {
    }

    protected override IReadOnlyList<ImportRef> Run()
    {
        var parse = PythonParser.Parse(Source.Text);
        _module = parse.Module;
        // compile() refuses what its later stages reject ('return' outside function, ...) before main() runs.
        _syntaxErrors = parse.AllErrors;
        _statements = Statements(_module.Body);
        _tokens = parse.Tokens;
        foreach (var e in parse.AllErrors)
            Diagnostics.Add(Diagnostic.Of(CommonRules.SyntaxError, e.Span, e.Message));

        foreach (var stmt in _module.Body)
        {
            if (stmt is FunctionDef f) Facts.Symbols.Add(new SymbolEntry(f.Name.Name, SymbolKind.Function, f.Span, f.Name.Span, "(" + ParameterText(f) + ")"));
            else if (stmt is ClassDef c) Facts.Symbols.Add(new SymbolEntry(c.Name.Name, SymbolKind.Object, c.Span, c.Name.Span));
        }

        var main = FindMain();
        if (main is not null) CheckMain(main);
        CheckModuleLevelWork();
        return CollectImports();
    }

    private string ParameterText(FunctionDef f) =>
        string.Join(", ", f.Parameters.Items.Select(p => Source.Text.Substring(p.Span.Start, p.Span.Length)));

    // ───────────── finding main ─────────────

    private FunctionDef? FindMain()
    {
        var all = new List<(FunctionDef Def, string? Owner)>();
        foreach (var (stmt, owner, _) in _statements)
            if (stmt is FunctionDef { Name.Name: "main" } f) all.Add((f, OwnerText(owner)));
        var mains = all.Where(m => m.Owner is null).Select(m => m.Def).ToList();
        if (mains.Count == 0)
        {
            var nested = all.Select(m => (m.Def.Name.Span, m.Owner ?? "another function")).ToList();
            ReportNoMain(nested, _module.Body.OfType<FunctionDef>().Select(f => (f.Name.Name, f.Name.Span)), Skeletons.PythonMainFix(Request));
            return null;
        }
        if (mains.Count > 1) ReportDuplicates(mains.Select(m => m.Name.Span).ToList(), "only that last definition is used.");
        return mains[^1];
    }

    // ───────────── main's signature ─────────────

    private void CheckMain(FunctionDef main)
    {
        var own = _statements.Where(x => x.Owner == main).Select(x => x.Stmt).ToList();
        // Nested defs and classes own their yields and awaits.
        var nested = _statements.Where(x => x.Stmt is FunctionDef or ClassDef && x.Stmt != main && main.Span.Contains(x.Stmt.Span)).Select(x => x.Stmt.Span).ToList();
        var tokens = TokensIn(main.Span);
        _main = new MainIndex(own);
        Facts.MainName = main.Name.Span;
        CheckSignature(main);

        Token? yield = null, await = null;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Operator && t.Text == ":=" && i > 0 && tokens[i - 1].Kind == TokenKind.Name) _main.Unknowable.Add(tokens[i - 1].Text);
            if (t.Kind != TokenKind.Keyword || nested.Any(n => n.Contains(t.Span.Start))) continue;
            if (t.Text == "yield") yield ??= t;
            else if (t.Text == "await") await ??= t;
        }
        if (main.IsAsync)
        {
            var fixes = await is not null ? [] : new[] { new Fix("Remove async", [new TextEdit(TextSpan.FromBounds(main.KeywordSpan.Start, SkipSpaces(main.KeywordSpan.Start + 5)), "")]) };
            Diagnostics.Add(Diagnostic.Of(StackAiRules.AsyncMain, TextSpan.FromBounds(main.KeywordSpan.Start, main.KeywordSpan.Start + 5),
                "async def main returns a coroutine when called; nothing documents that the platform awaits it, and a coroutine is not JSON.", fixes));
        }
        if (yield is { } y)
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NonJsonReturn, y.Span,
                "main contains yield, so calling it returns a generator, which is not JSON; collect the items in a list and return it in a dict."));

        var returns = own.OfType<Return>().ToList();
        foreach (var r in returns) CheckReturn(main, r);
        // Inside broken syntax the statements are a guess, so "falls off the end" would mostly be noise.
        if (!Terminates(main.Body) && !_syntaxErrors.Any(e => main.Span.Contains(e.Span.Start)))
        {
            var fix = AddReturnFix(main);
            var message = returns.Count == 0
                ? "main never returns, so the node output is None; return a dict such as {\"result\": ...}."
                : "main can reach its end without return; that path returns None, not a JSON object.";
            Diagnostics.Add(fix is null
                ? Diagnostic.Of(StackAiRules.MissingReturn, main.Name.Span, message)
                : Diagnostic.Of(StackAiRules.MissingReturn, main.Name.Span, message, fix));
        }
        CollectReads(tokens);
    }

    private int SkipSpaces(int i)
    {
        while (i < Source.Length && Source.Text[i] is ' ' or '\t') i++;
        return i;
    }

    private void CheckSignature(FunctionDef main)
    {
        var items = main.Parameters.Items;
        var positional = items.Where(p => p.Kind is ParameterKind.Normal or ParameterKind.PositionalOnly).ToList();
        if (positional.Count == 0)
        {
            var varargs = items.FirstOrDefault(p => p.Kind == ParameterKind.VarArgs);
            if (varargs is not null)
            {
                Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, varargs.Span,
                    $"main(*{varargs.Name.Name}) receives args wrapped in a tuple; declare one parameter: def main(args)."));
            }
            else if (items.Count == 0)
            {
                int paren = Source.Text.IndexOf('(', main.Name.Span.End);
                var fixes = paren >= 0 && paren < main.Span.End ? new[] { new Fix("Add the args parameter", [new TextEdit(new TextSpan(paren + 1, 0), "args")], IsPreferred: true, Safe: true) } : [];
                Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, main.Name.Span,
                    "main() takes no parameter, but the platform calls main(args): TypeError: main() takes 0 positional arguments but 1 was given.", fixes));
            }
            else
            {
                Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, main.Name.Span,
                    "main has no positional parameter, but the platform calls main(args) with one positional argument."));
            }
        }
        else
        {
            var required = positional.Where(p => p.Default is null).ToList();
            if (required.Count > 1)
                Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, required[1].Span,
                    $"main has {required.Count} required parameters, but the platform passes one (args); give \"{required[1].Name.Name}\" a default or remove it."));
            var first = positional[0];
            Facts.ArgsName = first.Name.Name;
            if (first.Annotation is { } ann && IsNonDictAnnotation(ann))
                Diagnostics.Add(Diagnostic.Of(StackAiRules.ArgsAnnotation, ann.Span,
                    $"args is annotated as {Source.Text.Substring(ann.Span.Start, ann.Span.Length)}, but it is a dict of upstream node ids to their outputs (e.g. dict[str, Any])."));
        }
        var kwOnly = items.FirstOrDefault(p => p.Kind == ParameterKind.KeywordOnly && p.Default is null);
        if (kwOnly is not null)
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, kwOnly.Span,
                $"Keyword-only parameter \"{kwOnly.Name.Name}\" has no default, so the call main(args) fails; give it a default."));
    }

    private static bool IsNonDictAnnotation(Expr annotation) => annotation switch
    {
        Name n => NonDictTypes.Contains(n.Id),
        Constant { Kind: ConstantKind.None } => true,
        Subscript { Value: Name n } => NonDictTypes.Contains(n.Id),
        _ => false,
    };

    // ───────────── walking ─────────────

    /// <summary>
    /// All statements under <paramref name="body"/> (an explicit stack, so deep nesting cannot overflow), each with
    /// its enclosing def or class ("function f", "class C"; null at module level) and whether a <c>try</c> with an
    /// ImportError handler guards it.
    /// </summary>
    private static List<(Stmt Stmt, Stmt? Owner, bool Optional)> Statements(List<Stmt> body)
    {
        var result = new List<(Stmt, Stmt?, bool)>();
        var work = new Stack<(List<Stmt> Body, Stmt? Owner, bool Optional)>();
        work.Push((body, null, false));
        while (work.Count > 0)
        {
            var (stmts, owner, optional) = work.Pop();
            foreach (var st in stmts)
            {
                result.Add((st, owner, optional));
                switch (st)
                {
                    case FunctionDef f: work.Push((f.Body, f, false)); break;
                    case ClassDef c: work.Push((c.Body, c, optional)); break;
                    case If i: work.Push((i.Body, owner, optional)); work.Push((i.OrElse, owner, optional)); break;
                    case For fo: work.Push((fo.Body, owner, optional)); work.Push((fo.OrElse, owner, optional)); break;
                    case While w: work.Push((w.Body, owner, optional)); work.Push((w.OrElse, owner, optional)); break;
                    case With wi: work.Push((wi.Body, owner, optional)); break;
                    case Match m: foreach (var c in m.Cases) work.Push((c.Body, owner, optional)); break;
                    case Try t:
                        bool guards = t.Handlers.Any(h => h.Type is null || CatchesImportError(h.Type));
                        work.Push((t.Body, owner, optional || guards));
                        work.Push((t.OrElse, owner, optional));
                        work.Push((t.FinalBody, owner, optional));
                        foreach (var h in t.Handlers) work.Push((h.Body, owner, optional));
                        break;
                }
            }
        }
        result.Sort((a, b) => a.Item1.Span.Start.CompareTo(b.Item1.Span.Start));
        return result;
    }

    private static string? OwnerText(Stmt? owner) => owner switch
    {
        ClassDef c => $"class {c.Name.Name}",
        FunctionDef f => $"function {f.Name.Name}",
        _ => null,
    };

    /// <summary>True when only spaces or tabs come before the offset on its line (a statement starts there).</summary>
    private bool StartsLine(int offset)
    {
        int start = Source.LineStart(Source.LineOf(offset));
        return Source.Text.AsSpan(start, offset - start).Trim(" \t").IsEmpty;
    }

    private static bool IsTrivia(TokenKind kind) => kind is TokenKind.Whitespace or TokenKind.Comment or TokenKind.Newline
        or TokenKind.NonLogicalNewline or TokenKind.Indent or TokenKind.Dedent or TokenKind.LineContinuation;

    /// <summary>
    /// The significant tokens inside <paramref name="span"/>. Token patterns (args["key"], yield, :=) are found on
    /// these rather than by walking every expression node, which costs far more on a long main.
    /// </summary>
    private List<Token> TokensIn(TextSpan span)
    {
        int lo = 0, hi = _tokens.Count - 1, first = _tokens.Count;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_tokens[mid].Span.Start >= span.Start) { first = mid; hi = mid - 1; }
            else lo = mid + 1;
        }
        var result = new List<Token>();
        for (int i = first; i < _tokens.Count && _tokens[i].Span.Start < span.End; i++)
            if (!IsTrivia(_tokens[i].Kind)) result.Add(_tokens[i]);
        return result;
    }

    // ───────────── main's own body ─────────────

    /// <summary>True when every path through the statements ends in return or raise (or an exit call).</summary>
    private static bool Terminates(List<Stmt> body) => body.Any(StatementTerminates);

    private static bool StatementTerminates(Stmt s) => s switch
    {
        Return or Raise => true,
        If i => i.OrElse.Count > 0 && Terminates(i.Body) && Terminates(i.OrElse),
        While w => IsTrue(w.Test) && !ContainsBreak(w.Body),
        For f => f.OrElse.Count > 0 && !ContainsBreak(f.Body) && Terminates(f.OrElse),
        Try t => ((Terminates(t.Body) || (t.OrElse.Count > 0 && Terminates(t.OrElse))) && t.Handlers.All(h => Terminates(h.Body)))
                 || Terminates(t.FinalBody),
        With w => Terminates(w.Body),
        Match m => m.Cases.Any(c => c.Guard is null && IsIrrefutable(c.Pattern)) && m.Cases.All(c => Terminates(c.Body)),
        ExprStmt { Value: Call c } => ExitCalls.Contains(DottedName(c.Func) ?? ""),
        _ => false,
    };

    private static bool IsTrue(Expr e) => e is Constant { Kind: ConstantKind.True } || (e is Constant { Kind: ConstantKind.Int } c && c.Text != "0");

    private static bool IsIrrefutable(Pattern p) => p switch
    {
        MatchAs { Pattern: null } => true,
        MatchAs { Pattern: { } inner } => IsIrrefutable(inner),
        MatchOr o => o.Patterns.Any(IsIrrefutable),
        _ => false,
    };

    /// <summary>A break that leaves this loop: nested loops own their breaks, nested functions too.</summary>
    private static bool ContainsBreak(List<Stmt> body)
    {
        foreach (var s in body)
        {
            switch (s)
            {
                case Break: return true;
                case If i when ContainsBreak(i.Body) || ContainsBreak(i.OrElse): return true;
                case With w when ContainsBreak(w.Body): return true;
                case Try t when ContainsBreak(t.Body) || ContainsBreak(t.OrElse) || ContainsBreak(t.FinalBody) || t.Handlers.Any(h => ContainsBreak(h.Body)): return true;
                case Match m when m.Cases.Any(c => ContainsBreak(c.Body)): return true;
            }
        }
        return false;
    }

    /// <summary>a.b.c for a Name/Attribute chain, else null.</summary>
    private static string? DottedName(Expr e) => e switch
    {
        Name n => n.Id,
        Attribute { Value: var v, Attr: var a } when DottedName(v) is { } left => left + "." + a.Name,
        _ => null,
    };

    private Fix? AddReturnFix(FunctionDef main)
    {
        if (main.Body.Count == 0) return null;
        var firstStmt = main.Body[0];
        var lastStmt = main.Body[^1];
        // A body on the def line (def main(args): pass) cannot take another line without rewriting it.
        if (Source.LineOf(firstStmt.Span.Start) == Source.LineOf(main.Name.Span.Start)) return null;
        string indent = Skeletons.IndentOf(Source, firstStmt.Span.Start);
        int insertAt = Source.LineEnd(Source.LineOf(Math.Max(lastStmt.Span.Start, lastStmt.Span.End - 1)));
        return new Fix("Add return {}", [new TextEdit(new TextSpan(insertAt, 0), "\n" + indent + "return {}")]);
    }

    // ───────────── returned values ─────────────

    private void CheckReturn(FunctionDef main, Return r)
    {
        if (r.Value is null)
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NoneReturn, r.Span,
                "return without a value returns None; the node output must be a JSON object (a dict).",
                new Fix("Return an empty dict", [new TextEdit(r.Span, "return {}")])));
            return;
        }
        var value = r.Value;
        if (value is Constant { Kind: ConstantKind.None })
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NoneReturn, value.Span,
                "main returns None; the node output must be a JSON object (a dict).",
                new Fix("Return an empty dict", [new TextEdit(value.Span, "{}")])));
            return;
        }
        if (IsPlainString(main, value))
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.StringReturn, value.Span,
                "main returns a plain string; downstream nodes get text, not a JSON object. Return a dict, or json.dumps(...) on purpose.",
                Skeletons.Wrap("Wrap in a dict: {\"result\": ...}", value.Span, "{\"result\": ", "}", preferred: true),
                Skeletons.Wrap("Wrap in json.dumps(...)", value.Span, "json.dumps(", ")", extra: ImportJsonEdit())));
            return;
        }
        CheckNonJson(main, value, null, 0);
    }

    /// <summary>The edit that adds <c>import json</c>, or nothing when the module already imports it.</summary>
    private IReadOnlyList<TextEdit> ImportJsonEdit()
    {
        foreach (var node in _module.Body)
            if (node is Import i && i.Names.Any(a => a.Name == "json" && a.AsName is null)) return [];
        // After a module docstring and __future__ imports, which must stay first.
        int at = 0;
        foreach (var s in _module.Body)
        {
            if (s is ExprStmt { Value: StringLiteral } && at == 0 && s == _module.Body[0]) { at = Source.LineEnd(Source.LineOf(s.Span.End)) + 1; continue; }
            if (s is ImportFrom { Module: "__future__" }) { at = Source.LineEnd(Source.LineOf(s.Span.End)) + 1; continue; }
            at = Source.LineStart(Source.LineOf(s.Span.Start));
            break;
        }
        at = Math.Min(at, Source.Length);
        string prefix = at == Source.Length && at > 0 && Source.Text[at - 1] != '\n' ? "\n" : "";
        return [new TextEdit(new TextSpan(at, 0), prefix + "import json\n")];
    }

    private bool IsPlainString(FunctionDef main, Expr value) => value switch
    {
        StringLiteral { IsBytes: false } => true,
        BinOp { Op: "+" } b => b.Left is StringLiteral { IsBytes: false } || b.Right is StringLiteral { IsBytes: false },
        BinOp { Op: "%", Left: StringLiteral { IsBytes: false } } => true,
        Call { Func: Name { Id: "str" } } => true,
        Call { Func: Attribute { Value: StringLiteral { IsBytes: false }, Attr.Name: "format" or "join" } } => true,
        Name n => _main.ValuesOf(n.Id) is { Count: > 0 } values && values.All(v => v is not Name && IsPlainString(main, v)),
        _ => false,
    };

    private Diagnostic NonJson(TextSpan span, string message, params Fix[] fixes) => Diagnostic.Of(StackAiRules.NonJsonReturn, span, message, fixes);

    /// <summary>SA011 for a returned value, or a value inside a returned dict, list or tuple, that json cannot write.</summary>
    private void CheckNonJson(FunctionDef main, Expr value, string? key, int depth)
    {
        if (depth > 12) return;
        string what = key is null ? "main returns" : $"the value of {key} in the returned dict is";
        switch (value)
        {
            case SetExpr or ComprehensionExpr { Kind: ComprehensionKind.Set }:
            case Call { Func: Name { Id: "set" or "frozenset" } }:
                Diagnostics.Add(NonJson(value.Span, $"{what} a set; json cannot serialize sets (TypeError: Object of type set is not JSON serializable).",
                    Skeletons.Wrap("Convert with list(...)", value.Span, "list(", ")", preferred: true)));
                return;
            case ComprehensionExpr { Kind: ComprehensionKind.Generator }:
                Diagnostics.Add(NonJson(value.Span, $"{what} a generator; json cannot serialize it.",
                    Skeletons.Wrap("Convert with list(...)", value.Span, "list(", ")", preferred: true)));
                return;
            case StringLiteral { IsBytes: true }:
            case Call { Func: Name { Id: "bytes" or "bytearray" } }:
                Diagnostics.Add(NonJson(value.Span, $"{what} bytes; json cannot serialize bytes (TypeError: Object of type bytes is not JSON serializable).",
                    Skeletons.Wrap("Decode with .decode(\"utf-8\")", value.Span, value is StringLiteral or Call ? "" : "(", (value is StringLiteral or Call ? "" : ")") + ".decode(\"utf-8\")", preferred: true)));
                return;
            case Lambda:
                Diagnostics.Add(NonJson(value.Span, $"{what} a function (lambda); json cannot serialize functions."));
                return;
            case Call { Func: Name { Id: "float" }, Arguments.Args: [StringLiteral s] } when IsNonFiniteText(s.Value):
                Diagnostics.Add(NonJson(value.Span, $"{what} float('{s.Value}'); json.dumps writes it as {(s.Value.Trim().ToLowerInvariant() == "nan" ? "NaN" : "Infinity")}, which is not valid JSON."));
                return;
            case Attribute a when DottedName(a) is "math.nan" or "math.inf" or "numpy.nan" or "np.nan" or "numpy.inf" or "np.inf":
                Diagnostics.Add(NonJson(value.Span, $"{what} {DottedName(a)}; json.dumps writes NaN/Infinity, which is not valid JSON."));
                return;
            case Call { Func: Name cls } when ClassDefined(cls.Id) is { } def && !HasJsonBase(def):
                Diagnostics.Add(NonJson(value.Span, $"{what} an instance of class {cls.Id} (defined in this code); json cannot serialize it (TypeError: Object of type {cls.Id} is not JSON serializable).",
                    IsDataclass(def) ? Skeletons.Wrap("Convert with dataclasses.asdict(...)", value.Span, "dataclasses.asdict(", ")", extra: ImportEdit("dataclasses")) : Skeletons.Wrap("Convert with vars(...)", value.Span, "vars(", ")")));
                return;
            case Name n:
                CheckName(main, n, what);
                return;
            case DictExpr d:
                for (int i = 0; i < d.Values.Count; i++)
                {
                    var k = i < d.Keys.Count ? d.Keys[i] : null;
                    if (k is TupleExpr)
                        Diagnostics.Add(NonJson(k.Span, "A tuple key cannot be a JSON object key (TypeError: keys must be str, int, float, bool or None).",
                            Skeletons.Wrap("Convert the key with str(...)", k.Span, "str(", ")")));
                    string inner = k is StringLiteral sk ? Newtonsoft.Json.JsonConvert.ToString(sk.Value) : k is null ? "an unpacked mapping" : Source.Text.Substring(k.Span.Start, k.Span.Length);
                    CheckNonJson(main, d.Values[i], inner, depth + 1);
                }
                return;
            case ListExpr l:
                foreach (var e in l.Elts) CheckNonJson(main, e, key, depth + 1);
                return;
            case TupleExpr t:
                foreach (var e in t.Elts) CheckNonJson(main, e, key, depth + 1);
                return;
            case ComprehensionExpr { Kind: ComprehensionKind.List or ComprehensionKind.Dict } c:
                CheckNonJson(main, c.Element, key, depth + 1);
                return;
            case IfExp ie:
                CheckNonJson(main, ie.Body, key, depth + 1);
                CheckNonJson(main, ie.OrElse, key, depth + 1);
                return;
        }
    }

    private static bool IsNonFiniteText(string s) => s.Trim().ToLowerInvariant() is "nan" or "inf" or "-inf" or "+inf" or "infinity" or "-infinity" or "+infinity";

    /// <summary>A returned name: a function or class of this code, or a local whose every assignment is non-JSON.</summary>
    private void CheckName(FunctionDef main, Name n, string what)
    {
        if (main.Parameters.Items.Any(p => p.Name.Name == n.Id)) return;
        var values = _main.ValuesOf(n.Id);
        if (values.Count == 0)
        {
            if (_main.Functions.Contains(n.Id) || (!_main.IsAssigned(n.Id) && _module.Body.OfType<FunctionDef>().Any(f => f.Name.Name == n.Id)))
                Diagnostics.Add(NonJson(n.Span, $"{what} the function {n.Id} itself, not its result; json cannot serialize functions. Did you mean {n.Id}(...)?"));
            else if (!_main.IsAssigned(n.Id) && ClassDefined(n.Id) is not null)
                Diagnostics.Add(NonJson(n.Span, $"{what} the class {n.Id} itself; json cannot serialize classes."));
            return;
        }
        // Report only when every assignment gives the same non-JSON kind, so a name that may hold a dict is left alone.
        string? kind = null;
        foreach (var v in values)
        {
            string? k = v switch
            {
                SetExpr or ComprehensionExpr { Kind: ComprehensionKind.Set } or Call { Func: Name { Id: "set" or "frozenset" } } => "set",
                ComprehensionExpr { Kind: ComprehensionKind.Generator } => "generator",
                StringLiteral { IsBytes: true } or Call { Func: Name { Id: "bytes" or "bytearray" } } => "bytes",
                Lambda => "function",
                Call { Func: Name cls } when ClassDefined(cls.Id) is { } def && !HasJsonBase(def) => $"instance of {cls.Id}",
                _ => null,
            };
            if (k is null || (kind is not null && k != kind)) return;
            kind = k;
        }
        int line = Source.LineOf(values[0].Span.Start) + 1;
        string message = $"{what} {n.Id}, which is a {kind} (assigned on line {line}); json cannot serialize a {kind}.";
        Diagnostics.Add(kind switch
        {
            "set" or "generator" => NonJson(n.Span, message, Skeletons.Wrap("Convert with list(...)", n.Span, "list(", ")", preferred: true)),
            "bytes" => NonJson(n.Span, message, Skeletons.Wrap("Decode with .decode(\"utf-8\")", n.Span, "", ".decode(\"utf-8\")", preferred: true)),
            _ => NonJson(n.Span, message),
        });
    }

    private ClassDef? ClassDefined(string name) => _module.Body.OfType<ClassDef>().LastOrDefault(c => c.Name.Name == name);

    private static bool HasJsonBase(ClassDef c) =>
        c.Arguments is { } args && args.Args.Any(b => DottedName(b) is { } n && JsonBases.Contains(n[(n.LastIndexOf('.') + 1)..]));

    private static bool IsDataclass(ClassDef c) =>
        c.Decorators.Any(d => DottedName(d is Call call ? call.Func : d) is "dataclass" or "dataclasses.dataclass");

    private IReadOnlyList<TextEdit> ImportEdit(string module)
    {
        if (_module.Body.OfType<Import>().Any(i => i.Names.Any(a => a.Name == module))) return [];
        var json = ImportJsonEdit();
        int at = json.Count > 0 ? json[0].Span.Start : 0;
        return [new TextEdit(new TextSpan(at, 0), $"import {module}\n")];
    }

    // ───────────── args reads ─────────────

    /// <summary>
    /// args["key"] and args.get("key") anywhere in main, nested helpers included (they see args too), found on the
    /// tokens: the name (not after a dot), then <c>[</c> string <c>]</c> or <c>. get (</c> string.
    /// </summary>
    private void CollectReads(List<Token> tokens)
    {
        string argsName = Facts.ArgsName;
        // args = json.loads(...) makes later keys refer to something else; claim nothing then.
        if (_main.IsAssigned(argsName)) return;
        for (int i = 0; i + 2 < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Name || t.Text != argsName || (i > 0 && tokens[i - 1].Text == ".")) continue;
            Token? key = null;
            if (tokens[i + 1].Text == "[" && i + 3 < tokens.Count && tokens[i + 2].Kind == TokenKind.String && tokens[i + 3].Text == "]")
                key = tokens[i + 2];
            else if (tokens[i + 1].Text == "." && i + 4 < tokens.Count && tokens[i + 2].Text == "get" && tokens[i + 3].Text == "(" && tokens[i + 4].Kind == TokenKind.String
                     && i + 5 < tokens.Count && tokens[i + 5].Text is "," or ")")
                key = tokens[i + 4];
            if (key is { } k && PlainStringValue(k) is { } value)
            {
                // `name = args["key"]` as a statement of its own binds name to that upstream value (hover, inlay hints).
                bool bound = i >= 2 && tokens[i - 1].Text == "=" && tokens[i - 2].Kind == TokenKind.Name && StartsLine(tokens[i - 2].Span.Start);
                Facts.Reads.Add(new UpstreamRead(value, InsideQuotes(k.Span), bound ? tokens[i - 2].Text : null, bound ? tokens[i - 2].Span : null));
            }
        }
    }

    /// <summary>The value of a plain string token (no bytes, f-string or escapes), else null.</summary>
    private static string? PlainStringValue(Token token)
    {
        string t = token.Text;
        int i = 0;
        bool raw = false;
        while (i < t.Length && char.IsLetter(t[i]))
        {
            char c = char.ToLowerInvariant(t[i]);
            if (c is 'b' or 'f') return null;
            if (c == 'r') raw = true;
            i++;
        }
        if (i >= t.Length) return null;
        char q = t[i];
        int quote = i + 2 < t.Length && t[i + 1] == q && t[i + 2] == q ? 3 : 1;
        int start = i + quote, end = t.Length - quote;
        if (end < start || t[^1] != q) return null;
        string inner = t[start..end];
        return !raw && inner.Contains('\\') ? null : inner;
    }

    /// <summary>The span of a one-part string literal's content: prefix letters and quotes (single or triple) excluded.</summary>
    private TextSpan InsideQuotes(TextSpan literal)
    {
        string t = Source.Text;
        int i = literal.Start;
        while (i < literal.End && char.IsLetter(t[i])) i++;
        if (i >= literal.End) return literal;
        char q = t[i];
        int quoteLength = i + 2 < literal.End && t[i + 1] == q && t[i + 2] == q ? 3 : 1;
        int start = i + quoteLength;
        int end = literal.End - quoteLength >= start && t[literal.End - 1] == q ? literal.End - quoteLength : literal.End;
        return TextSpan.FromBounds(start, end);
    }

    // ───────────── imports ─────────────

    /// <summary>Absolute imports anywhere in the code, except those guarded by <c>except ImportError</c>.</summary>
    private List<ImportRef> CollectImports()
    {
        var result = new List<ImportRef>();
        foreach (var (stmt, _, optional) in _statements)
        {
            if (optional) continue;
            if (stmt is Import imp)
            {
                foreach (var alias in imp.Names) result.Add(new ImportRef(alias.Name, alias.NameSpan));
            }
            else if (stmt is ImportFrom { Level: 0, Module: { } module } from)
            {
                result.Add(new ImportRef(module, from.ModuleSpan));
            }
        }
        return result;
    }

    private static bool CatchesImportError(Expr type) => type switch
    {
        Name n => n.Id is "ImportError" or "ModuleNotFoundError" or "Exception" or "BaseException",
        TupleExpr t => t.Elts.Any(CatchesImportError),
        _ => false,
    };

    // ───────────── module-level work ─────────────

    /// <summary>SA020: statements outside main that do work when the code is loaded.</summary>
    private void CheckModuleLevelWork()
    {
        for (int i = 0; i < _module.Body.Count; i++)
        {
            var s = _module.Body[i];
            if (!DoesWork(s, i == 0)) continue;
            var firstLine = TextSpan.FromBounds(s.Span.Start, Math.Min(s.Span.End, Source.LineEnd(Source.LineOf(s.Span.Start))));
            string message = s is ExprStmt { Value: Call { Func: Name { Id: "main" } } }
                ? "This calls main when the code is loaded; the platform calls main(args) itself, so main would run twice (and without args)."
                : "This runs when the code is loaded, before main and on every run; move the work into main (module level should only define things).";
            Diagnostics.Add(Diagnostic.Of(StackAiRules.ImportTimeWork, firstLine, message));
        }
    }

    private bool DoesWork(Stmt s, bool first) => s switch
    {
        FunctionDef or ClassDef or Import or ImportFrom or Pass or Global or Nonlocal or TypeAlias => false,
        ExprStmt { Value: StringLiteral or Constant } => false,
        ExprStmt e => e.Value is not Name,
        Assign a => ExprDoesWork(a.Value),
        AnnAssign a => a.Value is { } v && ExprDoesWork(v),
        AugAssign a => ExprDoesWork(a.Value),
        If i when IsMainGuard(i.Test) => false,
        If i => ExprDoesWork(i.Test) || i.Body.Any(b => DoesWork(b, false)) || i.OrElse.Any(b => DoesWork(b, false)),
        Try t => t.Body.Concat(t.OrElse).Concat(t.FinalBody).Concat(t.Handlers.SelectMany(h => h.Body)).Any(b => DoesWork(b, false)),
        ErrorStmt => false,
        _ => true,
    };

    private static bool IsMainGuard(Expr test) =>
        test is Compare { Left: Name { Id: "__name__" }, Comparators: [StringLiteral { Value: "__main__" }] };

    /// <summary>True when evaluating the expression calls something other than a cheap, conventional constructor.</summary>
    private static bool ExprDoesWork(Expr e)
    {
        foreach (var n in e.DescendantsAndSelf())
        {
            if (n is Await or Yield) return true;
            if (n is Call c && !CheapModuleCalls.Contains(DottedName(c.Func) ?? "")) return true;
            if (n is Lambda) continue;
        }
        return false;
    }
}
