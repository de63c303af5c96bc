// The deny-by-default validator of a Voxworks Code Step: the one check that the editor shows and the runner obeys.
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;
using Match = CodeNodeLsp.Syntax.Python.Match;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>One use of a <c>{{ns.path}}</c> placeholder outside string literals.</summary>
public sealed record PlaceholderUse(Placeholder Node, bool IsRead, bool IsWrite)
{
    public string Path => Node.Path;
}

/// <summary>
/// What the validator found. <see cref="CanRun"/> is the runner's gate: a step runs only when no diagnostic is an
/// error, so the editor (which shows these diagnostics) and the run never disagree.
/// </summary>
public sealed class VoxworksValidation
{
    public required ParseResult Parse { get; init; }
    public required SourceText Source { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    /// <summary>The top-level <c>def run():</c> (the first one when there are several), or null.</summary>
    public FunctionDef? Run { get; init; }
    public required IReadOnlyList<PlaceholderUse> Placeholders { get; init; }
    /// <summary>Names bound inside run() (and at the top level, which is refused anyway).</summary>
    public required IReadOnlySet<string> Locals { get; init; }
    /// <summary>Variables the node's manifest entry and the samples file know, with their best sample value.</summary>
    public required IReadOnlyDictionary<string, Newtonsoft.Json.Linq.JToken?> KnownVariables { get; init; }

    /// <summary>
    /// The first error that refuses the step before it runs (not one of <see cref="VoxworksRules.RunTimeFailures"/>,
    /// which the platform only meets while run() executes), or null when the step may start.
    /// </summary>
    public Diagnostic? Refusal
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.Severity == Severity.Error && !VoxworksRules.RunTimeFailures.Contains(d.Code)) return d;
            return null;
        }
    }

    /// <summary>True when no diagnostic is an error: the editor shows nothing that would fail.</summary>
    public bool CanRun
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.Severity == Severity.Error) return false;
            return true;
        }
    }
}

/// <summary>
/// Checks a Code Step as PLATFORMS.md C states it: exactly one top-level <c>def run():</c> at column 0 without
/// parameters; no decorators, nested functions, lambdas, classes, imports, global or nonlocal; calls only to
/// the allow-listed functions and methods of <see cref="VoxworksAllowList"/>; no name or attribute starting with
/// '_'; a bool (or list/tuple of bools) on every path out of run(). Pure: no IO, never throws on user input.
/// </summary>
public static class VoxworksValidator
{
    /// <summary>Parses a step with Voxworks placeholders switched on (a <c>{{ns.path}}</c> is one atom).</summary>
    public static ParseResult Parse(string text) =>
        PythonParser.Parse(text, new TextSpan(0, text.Length), new ParseOptions(PlaceholderSyntax.Voxworks));

    /// <summary>Parses and validates the text of a step.</summary>
    public static VoxworksValidation Validate(string text, NodeContext context, SampleSet? samples = null) =>
        Validate(Parse(text), context, samples);

    /// <summary>Validates an existing parse (its text is the whole step).</summary>
    public static VoxworksValidation Validate(ParseResult parse, NodeContext context, SampleSet? samples = null)
    {
        var checker = new Checker(parse, context, samples ?? SampleSet.Empty);
        return checker.Run();
    }

    /// <summary>
    /// The walk. One instance per validation; it visits every node once, so its cost is linear in the tree.
    /// </summary>
    private sealed class Checker
    {
        // Deep enough for long chains such as a + b + ... over many lines; deeper code is refused, not skipped.
        private const int MaxDepth = 1000;
        private const int MaxTopLevelReports = 200;
        private static readonly Regex InputName = new("^input_([0-9]+)$", RegexOptions.CultureInvariant);

        private readonly ParseResult _parse;
        private readonly string _text;
        private readonly SourceText _source;
        private readonly NodeContext _context;
        private readonly SampleSet _samples;
        private readonly List<Diagnostic> _diags = [];
        private readonly List<PlaceholderUse> _placeholders = [];
        private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
        // Name reads not yet bound when met; resolved against every binding after the walk.
        private readonly List<Name> _pendingReads = [];
        // While an assignment's value is walked: the placeholders it reads (directly or through locals) and
        // whether it adds or subtracts a number. Feeds the "Counter does not increment" hint.
        private ValueFlow? _flow;
        // For the counter hint: which placeholders a local's value came from, and whether it was then changed by +/-.
        private readonly Dictionary<string, ValueFlow> _origins = new(StringComparer.Ordinal);
        private FunctionDef? _run;
        private bool _tooDeep;
        private readonly List<List<Node>> _childLists = [];
        private int _childListsInUse;
        // "Did you mean" hints by unknown name: a hint scans every local, so computing it once per name (and only
        // for the first MaxHints names) keeps a pasted script with thousands of unknown reads linear.
        private readonly Dictionary<string, string> _hints = new(StringComparer.Ordinal);
        private const int MaxHints = 256;
        // The names each enclosing comprehension binds: they exist only inside it (a read after it is a NameError).
        private readonly List<HashSet<string>> _comprehensionScopes = [];
        // True while a comprehension's for-target is bound, so CheckBoundName puts it in the innermost scope.
        private bool _bindingComprehensionTarget;

        public Checker(ParseResult parse, NodeContext context, SampleSet samples)
        {
            _parse = parse;
            _text = parse.Text;
            _source = new SourceText(parse.Text);
            _context = context;
            _samples = samples;
        }

        public VoxworksValidation Run()
        {
            // Compile-stage errors too: the step's code is compiled before run() is called.
            foreach (var e in _parse.AllErrors)
                _diags.Add(Diagnostic.Of(CommonRules.SyntaxError, e.Span, e.Message));

            var module = _parse.Module;
            var topLevel = new List<Stmt>();
            var extraRuns = new List<FunctionDef>();
            foreach (var stmt in module.Body)
            {
                if (stmt is FunctionDef { Name.Name: "run" } f)
                {
                    if (_run == null) _run = f;
                    else extraRuns.Add(f);
                }
                else if (stmt is not ErrorStmt)
                {
                    topLevel.Add(stmt);
                }
            }

            CheckStructure(module, topLevel, extraRuns);

            if (_run != null) CheckRun(_run);
            foreach (var f in extraRuns) CheckRun(f);
            // A top-level helper def is already refused by VX002; its insides are not run() code.
            foreach (var stmt in topLevel)
                if (stmt is not FunctionDef) Visit(stmt, 0);
            foreach (var stmt in module.Body)
                if (stmt is ErrorStmt) Visit(stmt, 0);

            // Reads are resolved once every binding is known: a loop may read a name bound further down.
            foreach (var n in _pendingReads)
                if (!_locals.Contains(n.Id)) ReportUnresolved(n);

            var known = KnownVariables();
            VoxworksPlaceholderChecks.Check(_placeholders, known, _context, _text, _diags);

            return new VoxworksValidation
            {
                Parse = _parse,
                Source = _source,
                Diagnostics = _diags,
                Run = _run,
                Placeholders = _placeholders,
                Locals = _locals,
                KnownVariables = known,
            };
        }

        // ───────────── structure: exactly one top-level def run(): at column 0 ─────────────

        private void CheckStructure(Module module, List<Stmt> topLevel, List<FunctionDef> extraRuns)
        {
            foreach (var f in extraRuns)
                Report(VoxworksRules.RunContract, f.Name.Span, "Code Step must contain exactly one top-level def run(): this is a second one");

            if (_run == null)
            {
                // An indented def run(): often parses as a nested or error statement; find it to offer the dedent.
                var indented = FindIndentedRun(module);
                if (indented != null)
                {
                    // CheckRun reports the indentation; the statement holding it is still a refused top-level statement.
                    _run = indented;
                    ReportTopLevel(topLevel, null);
                    return;
                }
                if (topLevel.Count > 0)
                {
                    var first = topLevel[0];
                    Report(VoxworksRules.RunContract, HeadSpan(first), "Code Step must contain exactly one top-level def run():",
                        VoxworksFixes.WrapInRun(_source, topLevel) is { } wrap ? [wrap] : []);
                }
                else if (_parse.Errors.Count == 0)
                {
                    Report(VoxworksRules.RunContract, new TextSpan(module.Span.Start, 0), "Code Step must contain exactly one top-level def run():",
                        VoxworksFixes.AddRunSkeleton(_source));
                }
                return;
            }

            ReportTopLevel(topLevel, _run);
        }

        private void ReportTopLevel(List<Stmt> topLevel, FunctionDef? run)
        {
            if (topLevel.Count > 0)
            {
                var move = run == null ? null : VoxworksFixes.MoveIntoRun(_source, topLevel, run);
                // One diagnostic per statement, up to a bound: a pasted script should not become a million diagnostics.
                for (int i = 0; i < topLevel.Count && i < MaxTopLevelReports; i++)
                {
                    Report(VoxworksRules.TopLevelStatement, HeadSpan(topLevel[i]),
                        "Code Step must contain exactly one top-level def run(): move setup inside run()", move is null ? [] : [move]);
                }
                if (topLevel.Count > MaxTopLevelReports)
                    Report(VoxworksRules.TopLevelStatement, HeadSpan(topLevel[MaxTopLevelReports]),
                        $"Code Step must contain exactly one top-level def run(): {topLevel.Count - MaxTopLevelReports} more top-level statements from here on");
            }
        }

        private FunctionDef? FindIndentedRun(Module module)
        {
            foreach (var node in module.DescendantsAndSelf())
            {
                if (node is FunctionDef { Name.Name: "run" } f && !HasFunctionAncestor(f))
                    return f;
            }
            return null;
        }

        private static bool HasFunctionAncestor(Node n)
        {
            for (var p = n.Parent; p != null; p = p.Parent)
                if (p is FunctionDef or Lambda or ClassDef) return true;
            return false;
        }

        private void CheckRun(FunctionDef f)
        {
            int keywordStart = f.KeywordSpan.Length > 0 ? f.KeywordSpan.Start : f.Name.Span.Start;
            var keywordPos = _source.PositionOf(keywordStart);
            if (keywordPos.Character != 0)
            {
                Report(VoxworksRules.RunIndented, f.Name.Span,
                    "def run(): must start at column 0 (leading spaces cause 'unindent does not match any outer indentation level')",
                    // Dedenting is only a fix when nothing encloses the def (inside an if it would empty the if's body).
                    f.Parent is Module or ErrorStmt && VoxworksFixes.Dedent(_source, f, keywordPos.Character) is { } dedent ? [dedent] : []);
            }
            foreach (var d in f.Decorators)
                Report(VoxworksRules.ForbiddenConstruct, DecoratorSpan(d), "Decorators are not allowed");
            if (f.IsAsync)
                Report(VoxworksRules.RunParameters, new TextSpan(keywordStart, 5), "run() must be a plain def: async def is not allowed");
            if (f.TypeParams.Count > 0)
                Report(VoxworksRules.RunParameters, f.TypeParams[0].Span, "run() must take no arguments and no type parameters");
            if (f.Parameters.Items.Count > 0)
            {
                var span = TextSpan.FromBounds(f.Parameters.Items[0].Span.Start, f.Parameters.Items[^1].Span.End);
                Report(VoxworksRules.RunParameters, span, "run() must take no arguments",
                    VoxworksFixes.RemoveParameters(_source, f) is { } removal ? [removal] : []);
                foreach (var p in f.Parameters.Items)
                {
                    _locals.Add(p.Name.Name);
                    if (p.Default != null) Visit(p.Default, 1);
                }
            }
            if (f.Returns != null)
            {
                Report(VoxworksRules.Undocumented, f.Returns.Span,
                    "A return annotation is not shown in the Voxworks docs; the platform's deny-by-default validator may refuse it");
                Visit(f.Returns, 1);
            }

            foreach (var stmt in f.Body) Visit(stmt, 1);

            if (f.Body.Count > 0 && !VoxworksFlow.AlwaysLeaves(f.Body))
            {
                Report(VoxworksRules.MissingReturn, f.Name.Span,
                    "run() must return bool or list/tuple of bools: the end of run() can be reached, which returns None",
                    VoxworksFixes.AddReturnFalse(_source, f));
            }
        }

        // ───────────── the walk ─────────────

        private void Visit(Node node, int depth)
        {
            // An indented def run(): found inside an error statement is checked by CheckRun, not as a nested def.
            if (ReferenceEquals(node, _run)) return;
            if (depth > MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                if (!_tooDeep)
                {
                    _tooDeep = true;
                    Report(VoxworksRules.TooDeep, FirstLine(node.Span), "Code nested this deeply cannot be checked and is refused");
                }
                return;
            }

            var rule = VoxworksAllowList.ConstructOf(node);
            if (rule.Status == ConstructStatus.Forbidden)
            {
                // A refused def or class still binds its name, so reads of it are not also "not defined".
                if (node is FunctionDef nested) _locals.Add(nested.Name.Name);
                else if (node is ClassDef cls) _locals.Add(cls.Name.Name);
                ReportForbidden(node, rule);
                // The insides of a refused function, class or import are not run() code; do not pile up noise there.
                if (node is FunctionDef or ClassDef or Lambda or Import or ImportFrom) return;
            }
            else if (rule.Status == ConstructStatus.Undocumented)
            {
                Report(VoxworksRules.Undocumented, HeadSpan(node), rule.Message!);
            }

            switch (node)
            {
                case Constant or Pass or Break or Continue: return;
                case ExprStmt es: Visit(es.Value, depth + 1); return;
                case BinOp b:
                    if (_flow != null && b.Op is "+" or "-" && (IsNumber(b.Left) || IsNumber(b.Right))) _flow.Increment = true;
                    if (b.Op == "%" && b.Left is StringLiteral { IsFString: false, IsBytes: false } percent) CheckPercentKeys(percent);
                    Visit(b.Left, depth + 1);
                    Visit(b.Right, depth + 1);
                    return;
                case BoolOp bo: foreach (var v in bo.Values) Visit(v, depth + 1); return;
                case UnaryOp u: Visit(u.Operand, depth + 1); return;
                case Compare cmp:
                    Visit(cmp.Left, depth + 1);
                    foreach (var c in cmp.Comparators) Visit(c, depth + 1);
                    return;
                case If i:
                    Visit(i.Test, depth + 1);
                    foreach (var st in i.Body) Visit(st, depth + 1);
                    foreach (var st in i.OrElse) Visit(st, depth + 1);
                    return;
                case ListExpr le: foreach (var e in le.Elts) Visit(e, depth + 1); return;
                case TupleExpr te: foreach (var e in te.Elts) Visit(e, depth + 1); return;
                case Name n: CheckNameRead(n); return;
                case Identifier: return;
                case Placeholder p: UsePlaceholder(p, read: true, write: false); return;
                case Call c: VisitCall(c, depth); return;
                case Attribute a: VisitAttributeRead(a, depth); return;
                case Subscript s: VisitSubscript(s, depth); return;
                case StringLiteral s: VisitString(s, depth); return;
                case Keyword k: VisitKeyword(k, null, depth); return;
                case Assign a: VisitAssign(a, depth); return;
                case AugAssign a:
                    VisitTarget(a.Target, depth, alsoRead: true);
                    Visit(a.Value, depth + 1);
                    if (a.Target is Name an && a.Op is "+=" or "-=" && IsNumber(a.Value) && _origins.TryGetValue(an.Id, out var o))
                        o.Increment = true;
                    return;
                case AnnAssign a:
                    VisitTarget(a.Target, depth, alsoRead: false);
                    Visit(a.Annotation, depth + 1);
                    if (a.Value != null) Visit(a.Value, depth + 1);
                    return;
                case For f:
                    if (f.IsAsync) Report(VoxworksRules.ForbiddenConstruct, HeadSpan(f), "async for is not allowed");
                    VisitTarget(f.Target, depth, alsoRead: false);
                    Visit(f.Iter, depth + 1);
                    foreach (var s in f.Body) Visit(s, depth + 1);
                    foreach (var s in f.OrElse) Visit(s, depth + 1);
                    if (f.OrElse.Count > 0)
                        Report(VoxworksRules.Undocumented, FirstLine(f.OrElse[0].Span), "A for ... else clause is not shown in the Voxworks docs; the platform's deny-by-default validator may refuse it");
                    return;
                case With w:
                    if (w.IsAsync) Report(VoxworksRules.ForbiddenConstruct, HeadSpan(w), "async with is not allowed");
                    foreach (var item in w.Items)
                    {
                        Visit(item.ContextExpr, depth + 1);
                        if (item.OptionalVars != null) VisitTarget(item.OptionalVars, depth, alsoRead: false);
                    }
                    foreach (var s in w.Body) Visit(s, depth + 1);
                    return;
                case NamedExpr ne:
                    VisitTarget(ne.Target, depth, alsoRead: false);
                    Visit(ne.Value, depth + 1);
                    return;
                case Delete d:
                    foreach (var t in d.Targets) VisitTarget(t, depth, alsoRead: true);
                    return;
                case ComprehensionExpr ce: VisitComprehension(ce, depth); return;
                case Comprehension c:
                    // Only reached for a clause outside a ComprehensionExpr (error recovery): bind as the enclosing scope.
                    VisitTarget(c.Target, depth, alsoRead: false);
                    Visit(c.Iter, depth + 1);
                    foreach (var i in c.Ifs) Visit(i, depth + 1);
                    return;
                case ExceptHandler h:
                    if (h.Type != null) Visit(h.Type, depth + 1);
                    if (h.Name != null) CheckBoundName(h.Name.Name, h.Name.Span);
                    foreach (var s in h.Body) Visit(s, depth + 1);
                    return;
                case Return r: VisitReturn(r, depth); return;
                case Global g: foreach (var n in g.Names) CheckUnderscore(n.Name, n.Span, "Name"); return;
                case Nonlocal nl: foreach (var n in nl.Names) CheckUnderscore(n.Name, n.Span, "Name"); return;
                case MatchAs { Name: { } mn } ma:
                    CheckBoundName(mn.Name, mn.Span);
                    if (ma.Pattern != null) Visit(ma.Pattern, depth + 1);
                    return;
                case MatchStar { Name: { } sn }: CheckBoundName(sn.Name, sn.Span); return;
                case MatchClass mc:
                    // case C(...) calls isinstance(subject, C); only the allow-listed built-in types may be C.
                    if (mc.Cls is not Name { IsMissing: false } cls || !VoxworksAllowList.ClassPatternTypes.Contains(cls.Id) || _locals.Contains(cls.Id))
                        Report(VoxworksRules.CallableNotAllowed, FirstLine(mc.Cls.Span),
                            $"Class pattern '{Short(mc.Cls.Span)}' is not allowed: only {string.Join(", ", VoxworksAllowList.ClassPatternTypes.Order(StringComparer.Ordinal))} may be matched");
                    Visit(mc.Cls, depth + 1);
                    // A keyword sub-pattern (case str(format=f)) reads that attribute of the subject and binds it.
                    foreach (var a in mc.KwdAttrs)
                        if (!CheckUnderscore(a.Name, a.Span, "Attribute"))
                            Report(VoxworksRules.KeywordNotAllowed, a.Span,
                                $"Class pattern keyword '{a.Name}' is not allowed: it reads the attribute '{a.Name}' of the subject");
                    foreach (var p in mc.Patterns) Visit(p, depth + 1);
                    foreach (var p in mc.KwdPatterns) Visit(p, depth + 1);
                    return;
                case MatchMapping mm:
                    foreach (var k in mm.Keys) { Visit(k, depth + 1); CheckDunderKey(k); }
                    foreach (var p in mm.Patterns) Visit(p, depth + 1);
                    if (mm.Rest != null) CheckBoundName(mm.Rest.Name, mm.Rest.Span);
                    return;
            }

            // One child list per level of this recursion, reused across nodes, instead of an enumerator per node.
            if (_childLists.Count == _childListsInUse) _childLists.Add([]);
            var children = _childLists[_childListsInUse++];
            try
            {
                node.AddChildrenTo(children);
                foreach (var child in children)
                    Visit(child, depth + 1);
            }
            finally
            {
                children.Clear();
                _childListsInUse--;
            }
        }

        /// <summary>
        /// A comprehension has its own scope, as in Python 3: its for-targets exist only inside it, so reading one
        /// after the comprehension is a NameError at run time. The first iterable is evaluated outside that scope.
        /// </summary>
        private void VisitComprehension(ComprehensionExpr ce, int depth)
        {
            if (ce.Generators.Count > 0) Visit(ce.Generators[0].Iter, depth + 1);
            _comprehensionScopes.Add(new HashSet<string>(StringComparer.Ordinal));
            try
            {
                for (int i = 0; i < ce.Generators.Count; i++)
                {
                    var g = ce.Generators[i];
                    if (g.IsAsync) Report(VoxworksRules.ForbiddenConstruct, FirstLine(g.Span), "async for is not allowed");
                    _bindingComprehensionTarget = true;
                    try { VisitTarget(g.Target, depth + 1, alsoRead: false); }
                    finally { _bindingComprehensionTarget = false; }
                    if (i > 0) Visit(g.Iter, depth + 1);
                    foreach (var cond in g.Ifs) Visit(cond, depth + 1);
                }
                if (ce.Key != null) Visit(ce.Key, depth + 1);
                Visit(ce.Element, depth + 1);
            }
            finally
            {
                _comprehensionScopes.RemoveAt(_comprehensionScopes.Count - 1);
            }
        }

        private bool InComprehensionScope(string id)
        {
            foreach (var scope in _comprehensionScopes)
                if (scope.Contains(id)) return true;
            return false;
        }

        private void ReportForbidden(Node node, ConstructRule rule)
        {
            string message = rule.Message ?? $"{rule.Label} is not allowed";
            switch (node)
            {
                case Import imp:
                    message += ImportHint(imp.Names.Count > 0 ? imp.Names[0].Name : null);
                    break;
                case ImportFrom from:
                    message += ImportHint(from.Module);
                    break;
                case FunctionDef f:
                    foreach (var d in f.Decorators) Report(VoxworksRules.ForbiddenConstruct, DecoratorSpan(d), "Decorators are not allowed");
                    break;
                case ClassDef c:
                    foreach (var d in c.Decorators) Report(VoxworksRules.ForbiddenConstruct, DecoratorSpan(d), "Decorators are not allowed");
                    break;
            }
            Report(VoxworksRules.ForbiddenConstruct, HeadSpan(node), message);
        }

        private static string ImportHint(string? module)
        {
            if (module == null) return "";
            int dot = module.IndexOf('.');
            string top = dot < 0 ? module : module[..dot];
            return VoxworksAllowList.ImportHints.TryGetValue(top, out var hint) ? $"; use {hint} instead" : "";
        }

        // ───────────── names ─────────────

        private void CheckNameRead(Name n)
        {
            if (n.IsMissing) return;
            string id = n.Id;
            if (_flow != null && _origins.TryGetValue(id, out var origin)) _flow.Merge(origin);
            if (CheckUnderscore(id, n.Span, "Name")) return;
            if (VoxworksAllowList.Constants.Contains(id) || _locals.Contains(id) || InComprehensionScope(id) || VoxworksAllowList.Functions.ContainsKey(id))
                return;
            _pendingReads.Add(n);
        }

        private void ReportUnresolved(Name n)
        {
            string id = n.Id;
            var m = InputName.Match(id);
            if (m.Success)
            {
                if (!_context.Inputs.ContainsKey(id))
                    Report(VoxworksRules.InputNotMapped, n.Span,
                        $"name '{id}' is not defined (map input {m.Groups[1].Value} on the step: \"inputs\" in codenode.json)");
                return;
            }
            if (VoxworksAllowList.OtherBuiltins.Contains(id) || id == "run")
            {
                Report(VoxworksRules.BuiltinNotAllowed, n.Span, $"Name '{id}' is not allowed");
                return;
            }
            if (!_hints.TryGetValue(id, out var hint))
            {
                hint = _hints.Count < MaxHints
                    ? Suggestions.DidYouMean(id, _locals.Concat(VoxworksAllowList.Functions.Keys).Concat(_context.Inputs.Keys))
                    : "";
                _hints[id] = hint;
            }
            Report(VoxworksRules.NameNotDefined, n.Span, $"name '{id}' is not defined.{hint}".TrimEnd('.'));
        }

        /// <summary>
        /// Reports a name that starts with '_', or that has non-ASCII characters, and says whether it did. Python
        /// compares identifiers after NFKC normalisation (<c>gen.ｇｉ_frame</c> is <c>gen.gi_frame</c> at run time),
        /// and the server runs with invariant globalization, which cannot normalise; so such names are refused
        /// rather than checked under a spelling Python would not use.
        /// </summary>
        private bool CheckUnderscore(string name, TextSpan span, string what)
        {
            if (name.Length > 0 && name[0] == '_')
            {
                Report(VoxworksRules.UnderscoreName, span, $"{what} '{name}' is not allowed: names starting with '_' are refused");
                return true;
            }
            foreach (char c in name)
            {
                if (c <= 127) continue;
                Report(VoxworksRules.NonAsciiName, span,
                    $"{what} '{name}' is not allowed: names with non-ASCII characters may stand for other names after Python's NFKC normalisation");
                return true;
            }
            return false;
        }

        private void CheckBoundName(string name, TextSpan span)
        {
            if (_bindingComprehensionTarget && _comprehensionScopes.Count > 0) _comprehensionScopes[^1].Add(name);
            else _locals.Add(name);
            if (CheckUnderscore(name, span, "Name")) return;
            if (VoxworksAllowList.Functions.ContainsKey(name))
                Report(VoxworksRules.AllowedNameRebound, span, $"Cannot assign to '{name}': it is an allow-listed function");
        }

        // ───────────── assignments and targets ─────────────

        private void VisitAssign(Assign a, int depth)
        {
            foreach (var t in a.Targets) VisitTarget(t, depth, alsoRead: false);

            // Remember where a local's value came from, for the "Counter does not increment" hint.
            var saved = _flow;
            var flow = a.Targets.Count == 1 && a.Targets[0] is Name or Placeholder ? new ValueFlow() : null;
            _flow = flow;
            Visit(a.Value, depth + 1);
            _flow = saved;
            if (flow == null) return;
            if (a.Targets[0] is Name target)
            {
                if (flow.From.Count > 0) _origins[target.Id] = flow;
                else _origins.Remove(target.Id);
            }
            else if (a.Targets[0] is Placeholder written && flow.Increment && flow.From.Count > 0 && !flow.From.Contains(written.Path))
            {
                string other = flow.From.Min(StringComparer.Ordinal)!;
                Report(VoxworksRules.CounterMismatch, written.Span,
                    $"Counter does not increment: the value is read from {{{{{other}}}}} but written to {{{{{written.Path}}}}}; use the same placeholder for the read and the write");
            }
        }

        private void VisitTarget(Expr target, int depth, bool alsoRead)
        {
            switch (target)
            {
                case Name n:
                    CheckBoundName(n.Id, n.Span);
                    break;
                case Placeholder p:
                    UsePlaceholder(p, read: alsoRead, write: true);
                    break;
                case TupleExpr t:
                    foreach (var e in t.Elts) VisitTarget(e, depth + 1, alsoRead);
                    break;
                case ListExpr l:
                    foreach (var e in l.Elts) VisitTarget(e, depth + 1, alsoRead);
                    break;
                case Starred s:
                    Report(VoxworksRules.Undocumented, s.Span, VoxworksAllowList.ConstructOf(s).Message!);
                    VisitTarget(s.Value, depth + 1, alsoRead);
                    break;
                case Attribute a:
                    CheckUnderscore(a.Attr.Name, a.Attr.Span, "Attribute");
                    Report(VoxworksRules.ForbiddenConstruct, a.Span, $"Attribute assignment is not allowed ('.{a.Attr.Name}')");
                    Visit(a.Value, depth + 1);
                    break;
                case Subscript s:
                    Report(VoxworksRules.Undocumented, s.Span, VoxworksAllowList.ConstructOf(s).Message!);
                    VisitSubscript(s, depth);
                    break;
                default:
                    // Anything else as a target is a syntax error; still check what it contains.
                    Visit(target, depth + 1);
                    break;
            }
        }

        // ───────────── calls, attributes, subscripts ─────────────

        private void VisitCall(Call c, int depth)
        {
            AllowedCallable? callee = null;
            switch (c.Func)
            {
                case Name n when !n.IsMissing:
                    callee = CheckFunctionName(c, n);
                    break;
                case Attribute a:
                    callee = CheckMethod(c, a, depth);
                    break;
                case ErrorExpr:
                    Visit(c.Func, depth + 1);
                    break;
                default:
                    Report(VoxworksRules.FunctionNotAllowed, c.Func.Span, $"Function '{Short(c.Func.Span)}' is not allowed");
                    Visit(c.Func, depth + 1);
                    break;
            }

            int positional = 0;
            bool spread = false;
            foreach (var arg in c.Arguments.Args)
            {
                if (arg is Starred) spread = true; else positional++;
                Visit(arg, depth + 1);
            }
            foreach (var k in c.Arguments.Keywords) VisitKeyword(k, callee, depth);
            if (callee != null && !spread) CheckArity(c, callee, positional);
            if (callee != null) CheckPathArguments(c, callee);
        }

        private AllowedCallable? CheckFunctionName(Call c, Name n)
        {
            string id = n.Id;
            if (CheckUnderscore(id, n.Span, "Function")) return null;
            if (VoxworksAllowList.Functions.TryGetValue(id, out var f) && !_locals.Contains(id)) return f;

            var fixes = new List<Fix>();
            if (VoxworksAllowList.Replacements.TryGetValue(id, out var replacement) && !(id == "format" && c.Arguments.Args.Count != 1))
                fixes.Add(VoxworksFixes.Replace($"Use {replacement}()", n.Span, replacement));
            if (id == "isinstance" && c.Arguments.Args.Count == 2 && c.Arguments.Args[1] is Name typeName
                && VoxworksAllowList.IsInstanceReplacements.TryGetValue(typeName.Id, out var helper))
                fixes.Add(VoxworksFixes.Replace($"Use {helper}()", c.Span, $"{helper}({_text.Substring(c.Arguments.Args[0].Span.Start, c.Arguments.Args[0].Span.Length)})"));
            string suffix = fixes.Count > 0 ? $"; use {fixes[0].Edits[0].NewText.Split('(')[0]}() instead" : "";
            Report(VoxworksRules.FunctionNotAllowed, n.Span, $"Function '{id}' is not allowed{suffix}", [.. fixes]);
            return null;
        }

        private AllowedCallable? CheckMethod(Call c, Attribute a, int depth)
        {
            string name = a.Attr.Name;
            if (a.Attr.IsMissing)
            {
                Visit(a.Value, depth + 1);
                return null;
            }
            if (CheckUnderscore(name, a.Attr.Span, "Method"))
            {
                Visit(a.Value, depth + 1);
                return null;
            }

            // A module function such as json.dumps: one error with the allowed replacement, and no NameError for json.
            string? dotted = DottedName(a);
            if (dotted != null && VoxworksAllowList.Replacements.TryGetValue(dotted, out var replacement)
                && RootName(a) is { } root && !_locals.Contains(root))
            {
                Report(VoxworksRules.FunctionNotAllowed, a.Span, $"Function '{dotted}' is not allowed; use {replacement}() instead",
                    VoxworksFixes.Replace($"Use {replacement}()", a.Span, replacement));
                return null;
            }

            Visit(a.Value, depth + 1);
            if (VoxworksAllowList.FormatMethods.Contains(name) && a.Value is StringLiteral { IsFString: false, IsBytes: false } template)
                CheckFormatFields(template);
            if (VoxworksAllowList.Methods.TryGetValue(name, out var m)) return m;
            Report(VoxworksRules.MethodNotAllowed, a.Attr.Span, $"Method '{name}' is not allowed");
            return null;
        }

        private void VisitAttributeRead(Attribute a, int depth)
        {
            Visit(a.Value, depth + 1);
            if (a.Attr.IsMissing) return;
            string name = a.Attr.Name;
            if (CheckUnderscore(name, a.Attr.Span, "Attribute")) return;
            // Deny by default: a dot is only ever followed by an allow-listed method that is called. Any other read
            // (x.real, gen.gi_frame, "".format as a value) could lead to frames, code or globals, so none is allowed.
            Report(VoxworksRules.AttributeNotAllowed, a.Attr.Span,
                $"Attribute '{name}' is not allowed: only allow-listed methods may follow a dot, and only when called");
        }

        private void VisitSubscript(Subscript s, int depth)
        {
            Visit(s.Value, depth + 1);
            Visit(s.Slice, depth + 1);
            CheckDunderKey(s.Slice);
        }

        private void VisitKeyword(Keyword k, AllowedCallable? callee, int depth)
        {
            if (k.Arg == null)
            {
                // Unpacked keywords have names the validator cannot see; every keyword must be named in the call.
                Report(VoxworksRules.KeywordNotAllowed, FirstLine(k.Span),
                    "Keyword unpacking (**) is not allowed: name each keyword argument so it can be checked");
            }
            else if (!CheckUnderscore(k.Arg.Name, k.Arg.Span, "Keyword argument") && callee != null
                     && !callee.AnyKeywords && !callee.Keywords.Contains(k.Arg.Name))
            {
                string takes = callee.Keywords.Count == 0 ? "it takes no keyword arguments"
                    : "it takes " + string.Join(", ", callee.Keywords.Select(n => n + "="));
                Report(VoxworksRules.KeywordNotAllowed, k.Arg.Span, $"Keyword argument '{k.Arg.Name}' of {callee.Name}() is not allowed: {takes}");
            }
            else if (callee != null && VoxworksAllowList.CallableKeywords.Contains(k.Arg.Name) && !IsAllowedCallableValue(k.Value))
            {
                // The callee calls this value; only a function the allow-list names may be called.
                Report(VoxworksRules.CallableNotAllowed, FirstLine(k.Value.Span),
                    $"{k.Arg.Name}= must name an allow-listed function (such as len or str) or be None");
            }
            Visit(k.Value, depth + 1);
        }

        private bool IsAllowedCallableValue(Expr value) => value switch
        {
            Constant { Kind: ConstantKind.None } => true,
            Name n => VoxworksAllowList.Functions.ContainsKey(n.Id) && !_locals.Contains(n.Id) && !InComprehensionScope(n.Id),
            _ => false,
        };

        private void CheckArity(Call c, AllowedCallable callee, int positional)
        {
            if (positional >= callee.MinArgs && positional <= callee.MaxArgs) return;
            string takes = callee.MinArgs == callee.MaxArgs
                ? $"{callee.MinArgs}"
                : callee.MaxArgs == int.MaxValue ? $"at least {callee.MinArgs}" : $"{callee.MinArgs} to {callee.MaxArgs}";
            string noun = callee.MaxArgs == 1 && callee.MinArgs == 1 ? "argument" : "arguments";
            Report(VoxworksRules.ArgumentCount, c.Span.Length > 0 ? FirstLine(c.Span) : c.Func.Span,
                $"{callee.Name}() takes {takes} positional {noun} but {positional} {(positional == 1 ? "was" : "were")} given");
        }

        /// <summary>
        /// The path helpers and <c>.get</c> look values up by string; a dunder segment there could reach Python
        /// internals in a helper that uses getattr, so it is refused like a dunder attribute.
        /// </summary>
        private void CheckPathArguments(Call c, AllowedCallable callee)
        {
            bool byPath = callee.Kind == CallableKind.Method ? callee.Name == "get"
                : callee.Group == "object" || callee.Name == "map_value";
            if (!byPath) return;
            foreach (var arg in c.Arguments.Args) CheckDunderKey(arg);
        }

        /// <summary>
        /// A string that becomes a format string ("{0.x}".format(v)) reads attributes and indexes of the values named by
        /// its fields. The format methods are refused anyway; this names the field that would have walked.
        /// </summary>
        private void CheckFormatFields(StringLiteral template)
        {
            if (FormatFieldReach(template.Value) is { } field)
                Report(VoxworksRules.FormatFieldNotAllowed, FirstLine(template.Span),
                    $"Format field '{{{field}}}' is not allowed: format strings that read attributes or indexes can reach Python internals");
        }

        /// <summary>The first replacement field whose name reads an attribute or an index ({0.x}, {a[b]}), nested specs included.</summary>
        internal static string? FormatFieldReach(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '{') continue;
                if (i + 1 < text.Length && text[i + 1] == '{') { i++; continue; }
                int j = i + 1;
                while (j < text.Length && text[j] is not ('!' or ':' or '}' or '{')) j++;
                string name = text[(i + 1)..j];
                if (name.Contains('.') || name.Contains('[')) return name;
            }
            return null;
        }

        /// <summary>
        /// printf-style formatting with a mapping (<c>"%(key)s" % values</c>) looks each key up by index, never by
        /// attribute; a key starting with '_' is refused like any other '_' name.
        /// </summary>
        private void CheckPercentKeys(StringLiteral template)
        {
            string text = template.Value;
            for (int i = text.IndexOf("%(", StringComparison.Ordinal); i >= 0 && i < text.Length; i = text.IndexOf("%(", i + 2, StringComparison.Ordinal))
            {
                int close = text.IndexOf(')', i + 2);
                if (close < 0) return;
                string key = text[(i + 2)..close];
                if (key.StartsWith('_'))
                {
                    Report(VoxworksRules.FormatFieldNotAllowed, FirstLine(template.Span),
                        $"Format key '%({key})' is not allowed: names starting with '_' are refused");
                    return;
                }
            }
        }

        private void CheckDunderKey(Expr key)
        {
            if (key is not StringLiteral { IsFString: false, IsBytes: false } s) return;
            foreach (var segment in s.Value.Split('.'))
            {
                if (segment.StartsWith("__", StringComparison.Ordinal))
                {
                    Report(VoxworksRules.DunderKey, s.Span, $"Access to '{segment}' is not allowed");
                    return;
                }
            }
        }

        // ───────────── strings and placeholders ─────────────

        private void VisitString(StringLiteral s, int depth)
        {
            if (s.IsFString)
            {
                foreach (var part in s.FStringParts)
                {
                    if (part is StringLiteral chunk) ReportQuotedPlaceholders(chunk.Span, s);
                    else Visit(part, depth + 1);
                }
            }
            else
            {
                foreach (var part in s.Parts) ReportQuotedPlaceholders(part, s);
            }
        }

        private void ReportQuotedPlaceholders(TextSpan raw, StringLiteral literal)
        {
            int end = Math.Min(raw.End, _text.Length);
            int i = Math.Max(0, raw.Start);
            while (i < end - 1)
            {
                int open = _text.IndexOf("{{", i, end - i, StringComparison.Ordinal);
                if (open < 0) break;
                int close = _text.IndexOf("}}", open + 2, end - open - 2, StringComparison.Ordinal);
                if (close < 0) break;
                string inner = _text.Substring(open + 2, close - open - 2).Trim();
                var span = TextSpan.FromBounds(open, close + 2);
                if (VoxworksPlaceholderChecks.IsWellFormedPath(inner))
                {
                    var fix = VoxworksFixes.Unquote(_text, literal, span);
                    Report(VoxworksRules.QuotedPlaceholder, span,
                        $"\"{{{{{inner}}}}}\" stays literal text inside quotes; write {{{{{inner}}}}} without quotes to use the variable's value",
                        fix == null ? [] : [fix]);
                }
                i = close + 2;
            }
        }

        private void UsePlaceholder(Placeholder p, bool read, bool write)
        {
            if (read) _flow?.Add(p.Path);
            _placeholders.Add(new PlaceholderUse(p, read, write));
            VoxworksPlaceholderChecks.CheckPath(p, _diags);
        }

        // ───────────── returns ─────────────

        private void VisitReturn(Return r, int depth)
        {
            if (r.Value == null)
            {
                Report(VoxworksRules.MissingReturn, r.Span,
                    "run() must return bool or list/tuple of bools: a bare return returns None",
                    VoxworksFixes.Replace("Return False", r.Span, "return False"));
                return;
            }
            Visit(r.Value, depth + 1);
            CheckReturnedValue(r.Value);
        }

        private void CheckReturnedValue(Expr value)
        {
            if (value is TupleExpr or ListExpr)
            {
                var elts = value is TupleExpr t ? t.Elts : ((ListExpr)value).Elts;
                foreach (var e in elts)
                {
                    var shape = VoxworksFlow.ShapeOf(e);
                    if (shape is not (ValueShape.Unknown or ValueShape.Bool))
                        Report(VoxworksRules.ReturnNotBool, e.Span, $"run() must return bool or list/tuple of bools: '{Short(e.Span)}' is not a bool");
                }
                CheckOutputCount(value, elts.Count);
                return;
            }
            var s = VoxworksFlow.ShapeOf(value);
            if (s is not (ValueShape.Unknown or ValueShape.Bool))
                Report(VoxworksRules.ReturnNotBool, FirstLine(value.Span), $"run() must return bool or list/tuple of bools: '{Short(value.Span)}' is not a bool");
        }

        private void CheckOutputCount(Expr value, int count)
        {
            var conditions = _context.Conditions;
            if (conditions.Count == 0) return;
            bool fallback = string.Equals(conditions[^1], "otherwise", StringComparison.OrdinalIgnoreCase);
            int routable = fallback ? conditions.Count - 1 : conditions.Count;
            if (count > routable)
                Report(VoxworksRules.OutputsVsConditions, FirstLine(value.Span),
                    $"run() returns {count} booleans but the step has {routable} condition{(routable == 1 ? "" : "s")}{(fallback ? " before 'otherwise'" : "")}; the extra outputs route nowhere");
        }

        // ───────────── helpers ─────────────

        private IReadOnlyDictionary<string, Newtonsoft.Json.Linq.JToken?> KnownVariables()
        {
            var known = new Dictionary<string, Newtonsoft.Json.Linq.JToken?>(StringComparer.Ordinal);
            foreach (var (k, v) in _context.Variables) known[k] = v;
            // Recorded or hand-written samples are newer than the manifest's values, so they win for hover.
            if (_samples.Root["variables"] is Newtonsoft.Json.Linq.JObject vars)
                foreach (var p in vars.Properties()) known[p.Name] = p.Value;
            return known;
        }

        /// <summary>Where a value came from: the placeholders it was read from, and whether a number was added.</summary>
        private sealed class ValueFlow
        {
            private HashSet<string>? _from;

            /// <summary>Empty until a placeholder is read: most assignments read none, so most flows allocate nothing.</summary>
            public IReadOnlySet<string> From => _from ?? (IReadOnlySet<string>)EmptySet;
            public bool Increment { get; set; }

            public void Add(string path) => (_from ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);

            public void Merge(ValueFlow other)
            {
                if (other._from != null) (_from ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(other._from);
                Increment |= other.Increment;
            }

            private static readonly HashSet<string> EmptySet = [];
        }

        private static bool IsNumber(Expr e) => e is Constant { Kind: ConstantKind.Int or ConstantKind.Float };

        private static string? DottedName(Expr e) => e switch
        {
            Name n => n.Id,
            Attribute a when DottedName(a.Value) is { } left => left + "." + a.Attr.Name,
            _ => null,
        };

        private static string? RootName(Expr e) => e switch
        {
            Name n => n.Id,
            Attribute a => RootName(a.Value),
            _ => null,
        };

        private TextSpan DecoratorSpan(Expr d)
        {
            // Include the '@' before the decorator expression when it is there.
            int start = d.Span.Start;
            int at = start - 1;
            while (at >= 0 && (_text[at] == ' ' || _text[at] == '\t')) at--;
            if (at >= 0 && _text[at] == '@') start = at;
            return FirstLine(TextSpan.FromBounds(start, d.Span.End));
        }

        /// <summary>
        /// Where to put a diagnostic about a whole construct: the keyword of a compound statement (so a long
        /// while loop is not underlined whole), the name of a def or class, else the construct's first line.
        /// </summary>
        private TextSpan HeadSpan(Node node)
        {
            switch (node)
            {
                case FunctionDef f: return f.Name.Span;
                case ClassDef c: return c.Name.Span;
                case While or For or If or Try or With or Match or Raise or Assert or Delete or Global or Nonlocal
                    or Import or ImportFrom or TypeAlias or Return or Lambda or Yield or Await:
                    int start = node.Span.Start, end = start;
                    while (end < _text.Length && char.IsLetter(_text[end])) end++;
                    return end > start ? TextSpan.FromBounds(start, end) : FirstLine(node.Span);
                default:
                    return FirstLine(node.Span);
            }
        }

        private TextSpan FirstLine(TextSpan span)
        {
            int start = Math.Clamp(span.Start, 0, _text.Length);
            int end = Math.Clamp(span.End, start, _text.Length);
            int nl = _text.IndexOfAny(['\r', '\n'], start, end - start);
            return nl < 0 ? TextSpan.FromBounds(start, end) : TextSpan.FromBounds(start, nl);
        }

        private string Short(TextSpan span)
        {
            var line = FirstLine(span);
            string s = _text.Substring(line.Start, line.Length);
            return s.Length > 40 ? s[..37] + "..." : s;
        }

        private void Report(RuleInfo rule, TextSpan span, string message, params Fix[] fixes) =>
            _diags.Add(Diagnostic.Of(rule, span, message, fixes));
    }
}
