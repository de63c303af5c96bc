// Compile-stage errors: what CPython 3.12's future check, symtable and compiler reject in a tree its parser accepts.
using System.Runtime.CompilerServices;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// The SyntaxErrors that <c>compile()</c> raises after <c>ast.parse</c> has accepted the code: <c>'return' outside
/// function</c>, <c>'break' outside loop</c>, duplicate parameters, misplaced <c>global</c>/<c>nonlocal</c>,
/// unknown <c>__future__</c> features, assignments to <c>__debug__</c>, starred misuse, unreachable match cases and
/// the others of CPython 3.12, with its words and positions. CPython stops at the first; it runs four stages, each
/// over the whole module (future imports, the symbol table's visit, its analysis of nonlocal names, then code
/// generation), so the first error is the first of the earliest stage that has one. Scopes and their names come
/// from <see cref="Binder"/>.
/// </summary>
public static class CompileChecks
{
    /// <summary>
    /// The compile-stage errors of a module that parsed without error: the one CPython reports first, then the
    /// others by position. Empty for a module with parse errors (a broken tree would give false errors).
    /// </summary>
    public static List<SyntaxError> Check(ParseResult parse, BindResult? bind = null)
    {
        if (parse.Errors.Count > 0) return [];
        var checker = new CompileChecker(parse.Module, parse.Text, bind ?? Binder.Bind(parse.Module));
        return checker.Run();
    }
}

internal sealed class CompileChecker
{
    /// <summary>Beyond this nesting the walk stops descending (the parser's own guard already reports such code).</summary>
    private const int MaxDepth = 1000;

    private static readonly HashSet<string> FutureFeatures = new(StringComparer.Ordinal)
    {
        "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function",
        "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
    };

    private enum UnitKind { Module, Class, Function, Lambda, Comprehension }

    /// <summary>One code unit of CPython's compiler: where return/yield/await/break are judged.</summary>
    private sealed class Unit(UnitKind kind, Node node, Unit? parent, bool isAsync)
    {
        public UnitKind Kind { get; } = kind;
        public Node Node { get; } = node;
        public Unit? Parent { get; } = parent;
        public bool IsAsync { get; } = isAsync;
        public int Loops; // loops around the current statement, in this unit only
        /// <summary>Iteration variables of this comprehension (for the named-expression checks).</summary>
        public HashSet<string>? IterationNames;
    }

    /// <summary>What an expression is for: read, assigned, deleted; or an annotation of a generic/type alias.</summary>
    private enum Use { Load, Store, Del }

    private readonly Module module;
    private readonly string text;
    private readonly BindResult bind;
    private readonly Dictionary<Node, Scope> scopeOf = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Scope> typeParamScopes = new(ReferenceEqualityComparer.Instance);
    private readonly List<SyntaxError> future = [], symtable = [], analysis = [], compiler = [];
    private readonly List<(Scope Scope, Stmt Stmt, Identifier Name)> nonlocals = [];
    private readonly List<(Scope Scope, Stmt Stmt, Identifier Name)> globals = [];
    private Unit unit;
    private string? generic; // "a type alias", "a TypeVar bound", "the definition of a generic" while inside one
    private int iterableDepth; // > 0 inside a comprehension's iterable expression
    private int depth;
    private readonly List<Node> children = [];

    public CompileChecker(Module module, string text, BindResult bind)
    {
        this.module = module;
        this.text = text;
        this.bind = bind;
        unit = new Unit(UnitKind.Module, module, null, false);
        var stack = new Stack<Scope>();
        stack.Push(bind.ModuleScope);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            // A function's annotation scope (PEP 695) and its body share the node; the body is the child, seen later.
            if (scopeOf.TryGetValue(s.Node, out var outer) && outer == s.Parent) typeParamScopes.Add(outer);
            scopeOf[s.Node] = s;
            if (s.Kind == ScopeKind.Function && s.Node is ClassDef or TypeAlias) typeParamScopes.Add(s);
            for (int i = s.Children.Count - 1; i >= 0; i--) stack.Push(s.Children[i]);
        }
    }

    public List<SyntaxError> Run()
    {
        CheckFuture();
        Stmts(module.Body);
        Analyze();
        SyntaxError? first = future.Count > 0 ? future[0] : symtable.Count > 0 ? symtable[0] : analysis.Count > 0 ? analysis[0] : compiler.Count > 0 ? compiler[0] : null;
        if (first is null) return [];
        var rest = new List<SyntaxError>(future.Count + symtable.Count + analysis.Count + compiler.Count);
        foreach (var list in new[] { future, symtable, analysis, compiler })
            foreach (var e in list)
                if (!ReferenceEquals(e, first)) rest.Add(e);
        rest.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        rest.Insert(0, first);
        return rest;
    }

    private static void Add(List<SyntaxError> list, TextSpan span, string message) => list.Add(new SyntaxError(span, message));

    private static void Add(List<SyntaxError> list, Node node, string message) => Add(list, node.Span, message);

    // ───────────────────────────── future ─────────────────────────────

    /// <summary>future.c: the features of the leading <c>from __future__</c> imports (after an optional docstring).</summary>
    private void CheckFuture()
    {
        for (int i = 0; i < module.Body.Count; i++)
        {
            var s = module.Body[i];
            if (i == 0 && s is ExprStmt { Value: StringLiteral { IsFString: false, IsBytes: false } }) continue;
            if (s is not ImportFrom { Module: "__future__", Level: 0 } f) break;
            foreach (var a in f.Names)
            {
                if (a.Name == "braces") { Add(future, f, "not a chance"); return; }
                if (!FutureFeatures.Contains(a.Name)) { Add(future, f, $"future feature {a.Name} is not defined"); return; }
            }
        }
    }

    /// <summary>The last line holding a leading future import (CPython compares line numbers, not statements).</summary>
    private int? futureEnd;

    private int FutureEnd()
    {
        if (futureEnd is { } e) return e;
        int end = -1;
        for (int i = 0; i < module.Body.Count; i++)
        {
            var s = module.Body[i];
            if (i == 0 && s is ExprStmt { Value: StringLiteral { IsFString: false, IsBytes: false } }) continue;
            if (s is not ImportFrom { Module: "__future__", Level: 0 }) break;
            end = s.Span.Start;
        }
        futureEnd = end;
        return end;
    }

    // ───────────────────────────── statements ─────────────────────────────

    private bool Enter()
    {
        depth++;
        return depth <= MaxDepth && RuntimeHelpers.TryEnsureSufficientExecutionStack();
    }

    private void Stmts(List<Stmt> body)
    {
        foreach (var s in body) Stmt(s);
    }

    private void Stmt(Stmt s)
    {
        if (!Enter()) { depth--; return; }
        try { StmtCore(s); }
        finally { depth--; }
    }

    private void StmtCore(Stmt s)
    {
        switch (s)
        {
            case FunctionDef f: Function(f); return;
            case ClassDef c: Class(c); return;
            case Return r:
                if (unit.Kind != UnitKind.Function) Add(compiler, r, "'return' outside function");
                else if (r.Value != null && unit.IsAsync && IsGenerator(unit.Node)) Add(compiler, r, "'return' with value in async generator");
                Expr(r.Value);
                return;
            case Delete d:
                foreach (var t in d.Targets) Expr(t, Use.Del);
                return;
            case Assign a:
                Expr(a.Value);
                foreach (var t in a.Targets) Expr(t, Use.Store);
                return;
            case AugAssign aug:
                Expr(aug.Value);
                if (aug.Target is Name n) StoreName(n.Id, n.Span, Use.Store);
                else Expr(aug.Target is Attribute at ? at.Value : aug.Target);
                return;
            case AnnAssign ann:
                if (ann.Target is Name an && ann.Simple) CheckAnnotatedGlobal(s, an);
                AnnotationExpr(ann.Annotation);
                Expr(ann.Value);
                Expr(ann.Target, ann.Target is Name ? Use.Store : Use.Load);
                return;
            case TypeAlias ta:
            {
                if (ta.Name.Name == "__debug__") Add(compiler, ta.Name, "cannot assign to __debug__");
                var saved = generic;
                foreach (var tp in ta.TypeParams) TypeParam(tp);
                generic = "a type alias";
                Expr(ta.Value);
                generic = saved;
                return;
            }
            case For f:
                if (f.IsAsync && !InAsyncFunction()) Add(compiler, f, "'async for' outside async function");
                Expr(f.Iter);
                Expr(f.Target, Use.Store);
                unit.Loops++;
                Stmts(f.Body);
                unit.Loops--;
                Stmts(f.OrElse);
                return;
            case While w:
                Expr(w.Test);
                unit.Loops++;
                Stmts(w.Body);
                unit.Loops--;
                Stmts(w.OrElse);
                return;
            case If i:
                Expr(i.Test);
                Stmts(i.Body);
                Stmts(i.OrElse);
                return;
            case With w:
                if (w.IsAsync && !InAsyncFunction()) Add(compiler, w, "'async with' outside async function");
                foreach (var item in w.Items)
                {
                    Expr(item.ContextExpr);
                    Expr(item.OptionalVars, Use.Store);
                }
                Stmts(w.Body);
                return;
            case Match m:
                Expr(m.Subject);
                for (int i = 0; i < m.Cases.Count; i++)
                {
                    var c = m.Cases[i];
                    CheckCasePattern(c.Pattern, allowIrrefutable: c.Guard != null || i == m.Cases.Count - 1);
                    Pattern(c.Pattern);
                    Expr(c.Guard);
                    Stmts(c.Body);
                }
                return;
            case Raise r:
                Expr(r.Exc);
                Expr(r.Cause);
                return;
            case Try t:
                Stmts(t.Body);
                for (int i = 0; i < t.Handlers.Count; i++)
                {
                    var h = t.Handlers[i];
                    if (h.Type == null && i < t.Handlers.Count - 1) Add(compiler, h, "default 'except:' must be last");
                    Expr(h.Type);
                    if (h.Name is { IsMissing: false, Name: "__debug__" }) Add(compiler, h, "cannot assign to __debug__");
                    Stmts(h.Body);
                }
                Stmts(t.OrElse);
                Stmts(t.FinalBody);
                return;
            case Assert a:
                Expr(a.Test);
                Expr(a.Msg);
                return;
            case Import imp:
                foreach (var a in imp.Names)
                    if ((a.AsName?.Name ?? a.Name) == "__debug__") Add(compiler, imp, "cannot assign to __debug__");
                return;
            case ImportFrom from:
                if (from is { Module: "__future__", Level: 0 } && (unit.Kind != UnitKind.Module || from.Span.Start > FutureEnd()) && !SameLineAsFuture(from))
                    Add(compiler, from, "from __future__ imports must occur at the beginning of the file");
                foreach (var a in from.Names)
                {
                    if (a.Name == "*")
                    {
                        if (unit.Kind != UnitKind.Module) Add(symtable, a.NameSpan, "import * only allowed at module level");
                    }
                    else if ((a.AsName?.Name ?? a.Name) == "__debug__") Add(compiler, from, "cannot assign to __debug__");
                }
                return;
            case Global g:
                foreach (var id in g.Names) Declaration(g, id, isGlobal: true);
                return;
            case Nonlocal nl:
                if (unit.Kind == UnitKind.Module)
                {
                    Add(symtable, nl, "nonlocal declaration not allowed at module level");
                    return;
                }
                foreach (var id in nl.Names) Declaration(nl, id, isGlobal: false);
                return;
            case ExprStmt e:
                Expr(e.Value);
                return;
            case Break:
                if (unit.Loops == 0) Add(compiler, s, "'break' outside loop");
                return;
            case Continue:
                if (unit.Loops == 0) Add(compiler, s, "'continue' not properly in loop");
                return;
        }
    }

    /// <summary>CPython accepts a late future import on the line of the last leading one (<c>from __future__ import a; from __future__ import b</c>).</summary>
    private bool SameLineAsFuture(ImportFrom from)
    {
        int end = FutureEnd();
        if (end < 0 || unit.Kind != UnitKind.Module) return false;
        return text.AsSpan(end, Math.Max(0, from.Span.Start - end)).IndexOfAny('\n', '\r') < 0;
    }

    private void Function(FunctionDef f)
    {
        foreach (var d in f.Decorators) Expr(d);
        var saved = generic;
        foreach (var tp in f.TypeParams) TypeParam(tp);
        // Defaults are evaluated where the def stands; annotations in the annotation scope of a generic.
        foreach (var p in f.Parameters.Items) Expr(p.Default);
        if (f.TypeParams.Count > 0) generic = "the definition of a generic";
        foreach (var p in f.Parameters.Items) AnnotationExpr(p.Annotation);
        AnnotationExpr(f.Returns);
        generic = saved;
        CheckParameters(f.Parameters);
        var outer = unit;
        unit = new Unit(UnitKind.Function, f, outer, f.IsAsync);
        var savedGeneric = generic;
        generic = null;
        Stmts(f.Body);
        generic = savedGeneric;
        unit = outer;
        if (f.Name.Name == "__debug__") Add(compiler, TextSpan.FromBounds(f.KeywordSpan.Start, f.Span.End), "cannot assign to __debug__");
    }

    private void Class(ClassDef c)
    {
        foreach (var d in c.Decorators) Expr(d);
        var saved = generic;
        foreach (var tp in c.TypeParams) TypeParam(tp);
        if (c.TypeParams.Count > 0) generic = "the definition of a generic";
        if (c.Arguments != null) Arguments(c.Arguments);
        generic = saved;
        var outer = unit;
        unit = new Unit(UnitKind.Class, c, outer, false);
        var savedGeneric = generic;
        generic = null;
        Stmts(c.Body);
        generic = savedGeneric;
        unit = outer;
        if (c.Name.Name == "__debug__") Add(compiler, TextSpan.FromBounds(ClassKeywordStart(c), c.Span.End), "cannot assign to __debug__");
    }

    /// <summary>CPython points at a class statement from its keyword, after any decorators: the "class" before the name.</summary>
    private int ClassKeywordStart(ClassDef c)
    {
        int at = text.LastIndexOf("class", Math.Max(0, c.Name.Span.Start - 1), Math.Max(0, c.Name.Span.Start - c.Span.Start), StringComparison.Ordinal);
        return at >= 0 ? at : c.Span.Start;
    }

    private void TypeParam(TypeParam tp)
    {
        if (tp.Name.Name == "__debug__") Add(compiler, tp.Name, "cannot assign to __debug__");
        if (tp.Bound == null) return;
        var saved = generic;
        generic = "a TypeVar bound";
        Expr(tp.Bound);
        generic = saved;
    }

    private void CheckParameters(Parameters ps)
    {
        for (int i = 0; i < ps.Items.Count; i++)
        {
            var name = ps.Items[i].Name;
            if (name.IsMissing) continue;
            for (int j = 0; j < i; j++)
            {
                if (ps.Items[j].Name.Name != name.Name) continue;
                Add(symtable, TextSpan.FromBounds(name.Span.Start, ps.Items[i].Span.End), $"duplicate argument '{name.Name}' in function definition");
                break;
            }
            if (name.Name == "__debug__") Add(compiler, TextSpan.FromBounds(name.Span.Start, ps.Items[i].Span.End), "cannot assign to __debug__");
        }
    }

    private void AnnotationExpr(Expr? e)
    {
        if (e is Starred s) Expr(s.Value); // *args: *Ts
        else Expr(e);
    }

    private bool InAsyncFunction() => unit.Kind == UnitKind.Function && unit.IsAsync;

    /// <summary>Whether a function's own body (not nested scopes) yields.</summary>
    private static bool IsGenerator(Node function)
    {
        var stack = new Stack<Node>();
        var kids = new List<Node>();
        if (function is FunctionDef f) foreach (var s in f.Body) stack.Push(s);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n is Yield) return true;
            if (n is FunctionDef or ClassDef or Lambda) continue;
            if (n is ComprehensionExpr comp)
            {
                // Only the first iterable belongs to the enclosing scope.
                if (comp.Generators.Count > 0) stack.Push(comp.Generators[0].Iter);
                continue;
            }
            kids.Clear();
            n.AddChildrenTo(kids);
            foreach (var k in kids) stack.Push(k);
        }
        return false;
    }

    // ───────────────────────────── global / nonlocal ─────────────────────────────

    private Scope ScopeOfUnit() => scopeOf.TryGetValue(unit.Node, out var s) ? s : bind.ModuleScope;

    /// <summary>symtable.c's visit of <c>global</c>/<c>nonlocal</c>: the name must not be used, assigned, annotated or a parameter before.</summary>
    private void Declaration(Stmt stmt, Identifier id, bool isGlobal)
    {
        var scope = ScopeOfUnit();
        (isGlobal ? globals : nonlocals).Add((scope, stmt, id));
        if (!scope.Symbols.TryGetValue(id.Name, out var sym)) return;
        string what = isGlobal ? "global" : "nonlocal";
        string name = Mangle(id.Name);
        int at = stmt.Span.Start;
        if (sym.IsParameter) Add(symtable, stmt, $"name '{name}' is parameter and {what}");
        else if (UsedBefore(scope, sym, at)) Add(symtable, stmt, $"name '{name}' is used prior to {what} declaration");
        else if (Before(scope, sym.Annotations, at)) Add(symtable, stmt, $"annotated name '{name}' can't be {what}");
        else if (Before(scope, sym.Bindings, at)) Add(symtable, stmt, $"name '{name}' is assigned to before {what} declaration");
    }

    /// <summary><c>x: int</c> after <c>global x</c> in a function.</summary>
    private void CheckAnnotatedGlobal(Stmt stmt, Name target)
    {
        if (unit.Kind == UnitKind.Module) return;
        var scope = ScopeOfUnit();
        if (!scope.Symbols.TryGetValue(target.Id, out var sym) || !(sym.IsGlobal || sym.IsNonlocal)) return;
        foreach (var (s, st, id) in sym.IsGlobal ? globals : nonlocals)
        {
            if (s != scope || id.Name != target.Id || st.Span.Start > stmt.Span.Start) continue;
            Add(symtable, stmt, $"annotated name '{Mangle(target.Id)}' can't be {(sym.IsGlobal ? "global" : "nonlocal")}");
            return;
        }
    }

    /// <summary>A read before the offset; the binder also records an augmented assignment's target as a read, which CPython does not.</summary>
    private bool UsedBefore(Scope scope, Symbol sym, int at)
    {
        foreach (var r in sym.Reads)
        {
            if (r.Start >= at || !OwnSpan(scope, r)) continue;
            if (!sym.Bindings.Contains(r)) return true;
        }
        return false;
    }

    private bool Before(Scope scope, List<TextSpan> spans, int at)
    {
        foreach (var s in spans)
            if (s.Start < at && OwnSpan(scope, s)) return true;
        return false;
    }

    /// <summary>
    /// The binder adds a nested function's assignment to a <c>global</c> name to the module's symbol as well; for
    /// the module's own order only spans outside nested function and class bodies count.
    /// </summary>
    private static bool OwnSpan(Scope scope, TextSpan span)
    {
        if (scope.Kind != ScopeKind.Module) return true;
        foreach (var child in scope.Children)
        {
            int bodyStart = child.Node switch
            {
                FunctionDef f => f.Parameters.Span.Start,
                ClassDef c => c.Name.Span.End,
                _ => int.MaxValue,
            };
            if (span.Start >= bodyStart && span.Start < child.Node.Span.End) return false;
        }
        return true;
    }

    /// <summary>CPython's private-name mangling, which its messages show (<c>__x</c> in class A is <c>_A__x</c>).</summary>
    private string Mangle(string name)
    {
        if (!name.StartsWith("__", StringComparison.Ordinal) || name.EndsWith("__", StringComparison.Ordinal) || name.Contains('.')) return name;
        for (var u = unit; u != null; u = u.Parent)
        {
            if (u.Node is not ClassDef c) continue;
            string cls = c.Name.Name.TrimStart('_');
            return cls.Length == 0 ? name : "_" + cls + name;
        }
        return name;
    }

    /// <summary>symtable.c's analysis: every nonlocal name must be bound in an enclosing function.</summary>
    private void Analyze()
    {
        var globalNames = new HashSet<(Scope, string)>();
        foreach (var (s, _, id) in globals) globalNames.Add((s, id.Name));
        foreach (var (scope, stmt, id) in nonlocals)
        {
            string name = id.Name;
            if (globalNames.Contains((scope, name)))
            {
                var firstDecl = globals.Concat(nonlocals).Where(g => g.Scope == scope && g.Name.Name == name).MinBy(g => g.Stmt.Span.Start).Stmt;
                Add(analysis, firstDecl, $"name '{name}' is nonlocal and global");
                continue;
            }
            string? error = $"no binding for nonlocal '{MangleIn(scope, name)}' found";
            for (var p = scope.Parent; p != null && p.Kind != ScopeKind.Module; p = p.Parent)
            {
                if (p.Kind == ScopeKind.Class) continue;
                if (!p.Symbols.TryGetValue(name, out var sym)) continue;
                if (typeParamScopes.Contains(p) && sym.IsBound)
                {
                    error = $"nonlocal binding not allowed for type parameter '{name}'";
                    break;
                }
                if (sym.IsGlobal) break;
                if (sym.IsBound || sym.IsParameter || (sym.IsNonlocal && p.Kind != ScopeKind.Class))
                {
                    error = null;
                    break;
                }
            }
            if (error != null) Add(analysis, stmt, error);
        }
    }

    private static string MangleIn(Scope scope, string name)
    {
        if (!name.StartsWith("__", StringComparison.Ordinal) || name.EndsWith("__", StringComparison.Ordinal)) return name;
        for (var s = scope; s != null; s = s.Parent)
        {
            if (s.Kind != ScopeKind.Class || s.Node is not ClassDef c) continue;
            string cls = c.Name.Name.TrimStart('_');
            return cls.Length == 0 ? name : "_" + cls + name;
        }
        return name;
    }

    // ───────────────────────────── expressions ─────────────────────────────

    private void Expr(Expr? e, Use use = Use.Load)
    {
        if (e == null) return;
        if (!Enter()) { depth--; return; }
        try { ExprInner(e, use); }
        finally { depth--; }
    }

    private void ExprInner(Expr e, Use use)
    {
        switch (e)
        {
            case Name n:
                if (use != Use.Load) StoreName(n.Id, n.Span, use);
                return;
            case Starred s:
                StarredMisuse(s, use);
                Expr(s.Value, use);
                return;
            case TupleExpr t:
                if (use == Use.Store) MultipleStarred(t, t.Elts);
                Elements(t.Elts, use);
                return;
            case ListExpr l:
                if (use == Use.Store) MultipleStarred(l, l.Elts);
                Elements(l.Elts, use);
                return;
            case SetExpr set:
                Elements(set.Elts, use);
                return;
            case Attribute a:
                if (use == Use.Store && a.Attr.Name == "__debug__") Add(compiler, a, "cannot assign to __debug__");
                Expr(a.Value);
                return;
            case Subscript sub:
                Expr(sub.Value);
                if (sub.Slice is Starred ss) Expr(ss.Value);
                else Expr(sub.Slice);
                return;
            case Yield y:
                YieldExpr(y);
                Expr(y.Value);
                return;
            case Await aw:
                AwaitExpr(aw);
                Expr(aw.Value);
                return;
            case NamedExpr ne:
                NamedExpr(ne);
                Expr(ne.Value);
                Expr(ne.Target, Use.Store);
                return;
            case Lambda lam:
            {
                foreach (var p in lam.Parameters.Items) Expr(p.Default);
                CheckParameters(lam.Parameters);
                var outer = unit;
                var saved = generic;
                generic = null;
                unit = new Unit(UnitKind.Lambda, lam, outer, false);
                Expr(lam.Body);
                unit = outer;
                generic = saved;
                return;
            }
            case ComprehensionExpr comp:
                Comprehension(comp);
                return;
            case Call call:
                Expr(call.Func);
                Arguments(call.Arguments);
                return;
            default:
                int from = children.Count;
                e.AddChildrenTo(children);
                int to = children.Count;
                for (int i = from; i < to; i++)
                {
                    if (children[i] is Expr x) Expr(x);
                }
                children.RemoveRange(from, to - from);
                return;
        }
    }

    private void Arguments(Arguments args)
    {
        foreach (var a in args.Args)
        {
            if (a is Starred s) Expr(s.Value);
            else Expr(a);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in args.Keywords)
        {
            if (k.Arg is { IsMissing: false } arg)
            {
                if (arg.Name == "__debug__") Add(compiler, k, "cannot assign to __debug__");
                else if (!seen.Add(arg.Name)) Add(compiler, k, $"keyword argument repeated: {arg.Name}");
            }
            Expr(k.Value);
        }
    }

    private void StoreName(string id, TextSpan span, Use use)
    {
        if (id != "__debug__") return;
        Add(compiler, span, use == Use.Del ? "cannot delete __debug__" : "cannot assign to __debug__");
    }

    /// <summary>A starred expression outside a tuple, list, set or call arguments (those visit its value directly).</summary>
    private void StarredMisuse(Starred s, Use use)
    {
        Add(compiler, s, use == Use.Store ? "starred assignment target must be in a list or tuple" : "can't use starred expression here");
    }

    private void MultipleStarred(Expr target, List<Expr> elts)
    {
        int n = 0;
        foreach (var x in elts) if (x is Starred) n++;
        if (n > 1) Add(compiler, target, "multiple starred expressions in assignment");
    }

    /// <summary>Visits the elements of a display, where a starred element is unpacked (not an error).</summary>
    private void Elements(List<Expr> elts, Use use)
    {
        foreach (var x in elts)
        {
            if (x is Starred s) Expr(s.Value, use);
            else Expr(x, use);
        }
    }

    private void YieldExpr(Yield y)
    {
        if (generic != null) { Add(symtable, y, $"yield expression cannot be used within {generic}"); return; }
        switch (unit.Kind)
        {
            case UnitKind.Comprehension:
                Add(symtable, y, $"'yield' inside {ComprehensionName((ComprehensionExpr)unit.Node)}");
                return;
            case UnitKind.Module or UnitKind.Class:
                Add(compiler, y, "'yield' outside function");
                return;
            case UnitKind.Function when y.IsFrom && unit.IsAsync:
                Add(compiler, y, "'yield from' inside async function");
                return;
        }
    }

    private static string ComprehensionName(ComprehensionExpr c) => c.Kind switch
    {
        ComprehensionKind.List => "list comprehension",
        ComprehensionKind.Set => "set comprehension",
        ComprehensionKind.Dict => "dict comprehension",
        _ => "generator expression",
    };

    private void AwaitExpr(Await aw)
    {
        if (generic != null) { Add(symtable, aw, $"await expression cannot be used within {generic}"); return; }
        switch (unit.Kind)
        {
            case UnitKind.Module or UnitKind.Class:
                Add(compiler, aw, "'await' outside function");
                return;
            case UnitKind.Function when !unit.IsAsync:
            case UnitKind.Lambda:
                Add(compiler, aw, "'await' outside async function");
                return;
        }
    }

    private void NamedExpr(NamedExpr ne)
    {
        if (generic != null) { Add(symtable, ne, $"named expression cannot be used within {generic}"); return; }
        if (iterableDepth > 0)
        {
            Add(symtable, ne, "assignment expression cannot be used in a comprehension iterable expression");
            return;
        }
        if (unit.Kind != UnitKind.Comprehension) return;
        string target = ne.Target is Name n ? n.Id : "";
        for (var u = unit; u != null && u.Kind == UnitKind.Comprehension; u = u.Parent)
        {
            if (u.IterationNames != null && u.IterationNames.Contains(target))
            {
                Add(symtable, ne.Target, $"assignment expression cannot rebind comprehension iteration variable '{target}'");
                return;
            }
        }
        var outer = unit;
        while (outer.Kind == UnitKind.Comprehension && outer.Parent != null) outer = outer.Parent;
        if (outer.Kind == UnitKind.Class)
            Add(symtable, ne.Target, "assignment expression within a comprehension cannot be used in a class body");
    }

    private void Comprehension(ComprehensionExpr comp)
    {
        if (comp.Generators.Count == 0) { Expr(comp.Element); return; }
        // The first iterable is evaluated in the enclosing unit.
        iterableDepth++;
        Expr(comp.Generators[0].Iter);
        iterableDepth--;
        var outer = unit;
        var inner = new Unit(UnitKind.Comprehension, comp, outer, false) { IterationNames = new HashSet<string>(StringComparer.Ordinal) };
        foreach (var g in comp.Generators) CollectNames(g.Target, inner.IterationNames);
        if (comp.Kind != ComprehensionKind.Generator && IsAsyncComprehension(comp)
            && outer.Kind != UnitKind.Comprehension && !(outer.Kind == UnitKind.Function && outer.IsAsync))
            Add(compiler, comp, "asynchronous comprehension outside of an asynchronous function");
        unit = inner;
        var savedIterable = iterableDepth;
        iterableDepth = 0;
        for (int i = 0; i < comp.Generators.Count; i++)
        {
            var g = comp.Generators[i];
            if (i > 0)
            {
                iterableDepth++;
                Expr(g.Iter);
                iterableDepth--;
            }
            Expr(g.Target, Use.Store);
            foreach (var c in g.Ifs) Expr(c);
        }
        Expr(comp.Key);
        Expr(comp.Element);
        iterableDepth = savedIterable;
        unit = outer;
    }

    private static void CollectNames(Expr target, HashSet<string> names)
    {
        switch (target)
        {
            case Name n: names.Add(n.Id); break;
            case Starred s: CollectNames(s.Value, names); break;
            case TupleExpr t: foreach (var x in t.Elts) CollectNames(x, names); break;
            case ListExpr l: foreach (var x in l.Elts) CollectNames(x, names); break;
        }
    }

    /// <summary>
    /// A comprehension is asynchronous when it has <c>async for</c> or awaits in its own scope, or holds an
    /// asynchronous list/set/dict comprehension (which makes the enclosing one asynchronous too).
    /// </summary>
    private static bool IsAsyncComprehension(ComprehensionExpr comp)
    {
        var stack = new Stack<Node>();
        var kids = new List<Node>();
        for (int i = 0; i < comp.Generators.Count; i++)
        {
            var g = comp.Generators[i];
            if (g.IsAsync) return true;
            if (i > 0) stack.Push(g.Iter);
            stack.Push(g.Target);
            foreach (var c in g.Ifs) stack.Push(c);
        }
        if (comp.Key != null) stack.Push(comp.Key);
        stack.Push(comp.Element);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n is Await) return true;
            if (n is Lambda) continue;
            if (n is ComprehensionExpr inner)
            {
                if (inner.Generators.Count > 0) stack.Push(inner.Generators[0].Iter);
                if (inner.Kind != ComprehensionKind.Generator && IsAsyncComprehension(inner)) return true;
                continue;
            }
            kids.Clear();
            n.AddChildrenTo(kids);
            foreach (var k in kids) stack.Push(k);
        }
        return false;
    }

    // ───────────────────────────── match patterns ─────────────────────────────

    /// <summary>compile.c: a capture or wildcard that is not the last alternative of the last case (without guard).</summary>
    private void CheckCasePattern(Pattern p, bool allowIrrefutable)
    {
        switch (p)
        {
            case MatchAs { Pattern: null } a:
                if (allowIrrefutable) return;
                Add(compiler, a, a.Name is { IsMissing: false } n ? $"name capture '{n.Name}' makes remaining patterns unreachable" : "wildcard makes remaining patterns unreachable");
                return;
            case MatchAs a:
                CheckCasePattern(a.Pattern!, allowIrrefutable);
                return;
            case MatchOr or:
                for (int i = 0; i < or.Patterns.Count; i++)
                    CheckCasePattern(or.Patterns[i], allowIrrefutable && i == or.Patterns.Count - 1);
                return;
        }
    }

    /// <summary>Names bound twice in one pattern, alternatives binding different names, repeated keys and attributes.</summary>
    private void Pattern(Pattern p)
    {
        var names = new List<string>();
        PatternNames(p, names);
    }

    private void PatternNames(Pattern p, List<string> names)
    {
        if (!Enter()) { depth--; return; }
        try { PatternNamesCore(p, names); }
        finally { depth--; }
    }

    private void PatternNamesCore(Pattern p, List<string> names)
    {
        switch (p)
        {
            case MatchAs a:
                if (a.Pattern != null) PatternNames(a.Pattern, names);
                if (a.Name is { IsMissing: false } n) Capture(a.Pattern == null ? a : n, n.Name, names);
                return;
            case MatchStar s:
                if (s.Name is { IsMissing: false } sn) Capture(s, sn.Name, names);
                return;
            case MatchValue v:
                Expr(v.Value);
                return;
            case MatchSequence seq:
                foreach (var x in seq.Patterns) PatternNames(x, names);
                return;
            case MatchMapping m:
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var k in m.Keys)
                {
                    if (LiteralKey(k) is { } key && !keys.Add(key))
                    {
                        Add(compiler, m, $"mapping pattern checks duplicate key ({key})");
                        break;
                    }
                }
                foreach (var x in m.Patterns) PatternNames(x, names);
                if (m.Rest is { IsMissing: false } rest) Capture(rest, rest.Name, names);
                return;
            }
            case MatchClass c:
            {
                foreach (var x in c.Patterns) PatternNames(x, names);
                var attrs = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < c.KwdAttrs.Count; i++)
                {
                    if (!attrs.Add(c.KwdAttrs[i].Name) && i < c.KwdPatterns.Count)
                        Add(compiler, c.KwdPatterns[i], $"attribute name repeated in class pattern: {c.KwdAttrs[i].Name}");
                }
                foreach (var x in c.KwdPatterns) PatternNames(x, names);
                return;
            }
            case MatchOr or:
            {
                int before = names.Count;
                List<string>? firstSet = null;
                foreach (var alt in or.Patterns)
                {
                    var altNames = names.GetRange(0, before);
                    PatternNames(alt, altNames);
                    var bound = altNames.GetRange(before, altNames.Count - before);
                    if (firstSet == null) firstSet = bound;
                    else if (!new HashSet<string>(firstSet).SetEquals(bound))
                    {
                        Add(compiler, or, "alternative patterns bind different names");
                        break;
                    }
                }
                if (firstSet != null) names.AddRange(firstSet);
                return;
            }
        }
    }

    private void Capture(Node at, string name, List<string> names)
    {
        if (name == "__debug__") Add(compiler, at, "cannot assign to __debug__");
        else if (names.Contains(name)) Add(compiler, at, $"multiple assignments to name '{name}' in pattern");
        names.Add(name);
    }

    /// <summary>The repr CPython prints for a literal mapping key, for the simple literals (plain strings and numbers).</summary>
    private static string? LiteralKey(Expr k) => k switch
    {
        StringLiteral { IsFString: false, IsBytes: false } s when !s.Value.Contains('\'') && !s.Value.Contains('\\') && s.Value.All(ch => ch >= ' ' && ch < 127) => "'" + s.Value + "'",
        Constant { Kind: ConstantKind.Int } c when c.Text.All(char.IsAsciiDigit) && (c.Text.Length == 1 || c.Text[0] != '0') => c.Text,
        Constant { Kind: ConstantKind.None or ConstantKind.True or ConstantKind.False } c => c.Text,
        _ => null,
    };
}
