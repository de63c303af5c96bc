// Names and scopes: which names each scope binds, reads, annotates and declares global/nonlocal, and where.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

public enum ScopeKind { Module, Function, Lambda, Class, Comprehension }

/// <summary>Everything one scope knows about one name.</summary>
public sealed class Symbol
{
    public Symbol(string name) { Name = name; }
    public string Name { get; }
    // Each list is created on first use: most symbols are only bound or only read, and few are annotated.
    private List<TextSpan>? bindings, reads, annotations;
    private List<Expr>? annotationNodes;
    /// <summary>Spans of every binding: assignment targets, imports, def/class names, parameters, for/with/except targets.</summary>
    public List<TextSpan> Bindings => bindings ??= [];
    public List<TextSpan> Reads => reads ??= [];
    /// <summary>Spans of annotated targets (<c>x: int</c> and <c>x: int = 1</c>); the annotation node is in AnnotationNodes.</summary>
    public List<TextSpan> Annotations => annotations ??= [];
    public List<Expr> AnnotationNodes => annotationNodes ??= [];
    public bool IsGlobal { get; set; }
    public bool IsNonlocal { get; set; }
    public bool IsParameter { get; set; }
    public bool IsImport { get; set; }
    public bool IsBound => bindings is { Count: > 0 };
    internal bool IsRead => reads is { Count: > 0 };
}

public sealed class Scope
{
    public Scope(ScopeKind kind, Node node, Scope? parent) { Kind = kind; Node = node; Parent = parent; }
    public ScopeKind Kind { get; }
    public Node Node { get; }
    public Scope? Parent { get; }
    public Dictionary<string, Symbol> Symbols { get; } = new(StringComparer.Ordinal);
    public List<Scope> Children { get; } = [];
}

/// <summary>A read of a name that no enclosing scope binds and that is not a builtin: a NameError at run time.</summary>
public sealed record UnresolvedName(string Name, TextSpan Span, Scope Scope);

public sealed class BindResult
{
    public required Scope ModuleScope { get; init; }
    public required IReadOnlyList<UnresolvedName> Unresolved { get; init; }
}

public static class Binder
{
    /// <summary>
    /// Binds a module. <paramref name="predefined"/> are names the runtime injects (for example pflow's inputs
    /// or Voxworks helpers), treated like builtins. Iterative, so very deep expressions are safe.
    /// </summary>
    public static BindResult Bind(Module module, IReadOnlySet<string>? predefined = null)
    {
        var walker = new BindWalker(module);
        walker.Walk();
        // Each name read in a scope is resolved once, however often it is read there.
        var unresolved = new List<UnresolvedName>();
        var scopes = new Stack<Scope>();
        scopes.Push(walker.ModuleScope);
        while (scopes.Count > 0)
        {
            var scope = scopes.Pop();
            foreach (var child in scope.Children) scopes.Push(child);
            foreach (var (name, symbol) in scope.Symbols)
            {
                if (!symbol.IsRead || Resolves(scope, name, walker.ModuleScope, predefined)) continue;
                foreach (var span in symbol.Reads) unresolved.Add(new UnresolvedName(name, span, scope));
            }
        }
        unresolved.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return new BindResult { ModuleScope = walker.ModuleScope, Unresolved = unresolved };
    }

    /// <summary>Python's lookup of a free name: local, then enclosing functions (never classes), global, builtins.</summary>
    private static bool Resolves(Scope scope, string name, Scope module, IReadOnlySet<string>? predefined)
    {
        if (Builtins.Names.Contains(name) || Builtins.ModuleAttributes.Contains(name)) return true;
        if (predefined != null && predefined.Contains(name)) return true;
        if (name == "__class__" || (scope.Kind == ScopeKind.Class && name is "__qualname__" or "__module__")) return true;
        if (scope.Symbols.TryGetValue(name, out var own))
        {
            if (own.IsGlobal) return module.Symbols.TryGetValue(name, out var g) && g.IsBound;
            if (own.IsBound && !own.IsNonlocal) return true;
        }
        for (var p = scope.Parent; p != null; p = p.Parent)
        {
            if (p.Kind == ScopeKind.Class) continue;
            if (!p.Symbols.TryGetValue(name, out var sym)) continue;
            if (sym.IsGlobal) return module.Symbols.TryGetValue(name, out var g) && g.IsBound;
            if (sym.IsBound) return true;
        }
        return false;
    }
}

/// <summary>Collects scopes, symbols and reads in one pass over the tree with an explicit work stack.</summary>
internal sealed class BindWalker
{
    private enum Ctx { Load, Store, Del }

    private readonly Module module;
    private readonly Stack<(Node Node, Scope Scope, Ctx Ctx)> work = new();
    private readonly List<Node> children = []; // reused by every node the default case visits
    public Scope ModuleScope { get; }

    public BindWalker(Module module)
    {
        this.module = module;
        ModuleScope = new Scope(ScopeKind.Module, module, null);
    }

    public void Walk()
    {
        PushAll(module.Body, ModuleScope);
        while (work.Count > 0)
        {
            var (node, scope, ctx) = work.Pop();
            Visit(node, scope, ctx);
        }
    }

    private void Push(Node? node, Scope scope, Ctx ctx = Ctx.Load)
    {
        if (node != null) work.Push((node, scope, ctx));
    }

    /// <summary>Pushes in reverse, so nodes pop in source order (a <c>global</c> is seen before the uses after it).</summary>
    private void PushAll<T>(List<T> nodes, Scope scope, Ctx ctx = Ctx.Load) where T : Node?
    {
        for (int i = nodes.Count - 1; i >= 0; i--) Push(nodes[i], scope, ctx);
    }

    private static Symbol Sym(Scope scope, string name)
    {
        if (!scope.Symbols.TryGetValue(name, out var sym))
        {
            sym = new Symbol(name);
            scope.Symbols[name] = sym;
        }
        return sym;
    }

    /// <summary>Records a binding; under <c>global name</c> it binds the module's name.</summary>
    private void Bind(Scope scope, string name, TextSpan span)
    {
        var sym = Sym(scope, name);
        sym.Bindings.Add(span);
        if (sym.IsGlobal && scope != ModuleScope) Sym(ModuleScope, name).Bindings.Add(span);
    }

    private void Read(Scope scope, string name, TextSpan span)
    {
        Sym(scope, name).Reads.Add(span);
    }

    private static Scope NewScope(ScopeKind kind, Node node, Scope parent)
    {
        var s = new Scope(kind, node, parent);
        parent.Children.Add(s);
        return s;
    }

    /// <summary>The scope that a walrus in a comprehension binds in: the nearest enclosing non-comprehension scope.</summary>
    private static Scope WalrusScope(Scope scope)
    {
        while (scope.Kind == ScopeKind.Comprehension && scope.Parent != null) scope = scope.Parent;
        return scope;
    }

    private Scope TypeParamScope(List<TypeParam> typeParams, Node owner, Scope scope)
    {
        if (typeParams.Count == 0) return scope;
        var s = NewScope(ScopeKind.Function, owner, scope);
        foreach (var tp in typeParams)
        {
            Bind(s, tp.Name.Name, tp.Name.Span);
            Push(tp.Bound, s);
        }
        return s;
    }

    private void Visit(Node node, Scope scope, Ctx ctx)
    {
        switch (node)
        {
            case Name n:
                if (n.IsMissing || n.Id.Length == 0) return;
                if (ctx == Ctx.Store) Bind(scope, n.Id, n.Span);
                else Read(scope, n.Id, n.Span);
                return;
            case Starred s:
                Push(s.Value, scope, ctx);
                return;
            case TupleExpr t:
                PushAll(t.Elts, scope, ctx);
                return;
            case ListExpr l:
                PushAll(l.Elts, scope, ctx);
                return;
            case Attribute a:
                Push(a.Value, scope);
                return;
            case Subscript sub:
                Push(sub.Value, scope);
                Push(sub.Slice, scope);
                return;
            case FunctionDef f:
            {
                Bind(scope, f.Name.Name, f.Name.Span);
                PushAll(f.Decorators, scope);
                var outer = TypeParamScope(f.TypeParams, f, scope);
                foreach (var p in f.Parameters.Items)
                {
                    Push(p.Default, scope);
                    Push(p.Annotation, outer);
                }
                Push(f.Returns, outer);
                var body = NewScope(ScopeKind.Function, f, outer);
                BindParameters(f.Parameters, body);
                PushAll(f.Body, body);
                return;
            }
            case Lambda lam:
            {
                foreach (var p in lam.Parameters.Items) Push(p.Default, scope);
                var body = NewScope(ScopeKind.Lambda, lam, scope);
                BindParameters(lam.Parameters, body);
                Push(lam.Body, body);
                return;
            }
            case ClassDef c:
            {
                Bind(scope, c.Name.Name, c.Name.Span);
                PushAll(c.Decorators, scope);
                var outer = TypeParamScope(c.TypeParams, c, scope);
                Push(c.Arguments, outer);
                var body = NewScope(ScopeKind.Class, c, outer);
                PushAll(c.Body, body);
                return;
            }
            case ComprehensionExpr comp:
            {
                // The first iterable is evaluated in the enclosing scope; everything else in the comprehension's own.
                var inner = NewScope(ScopeKind.Comprehension, comp, scope);
                for (int i = 0; i < comp.Generators.Count; i++)
                {
                    var g = comp.Generators[i];
                    Push(g.Iter, i == 0 ? scope : inner);
                    Push(g.Target, inner, Ctx.Store);
                    PushAll(g.Ifs, inner);
                }
                Push(comp.Key, inner);
                Push(comp.Element, inner);
                return;
            }
            case NamedExpr ne:
                Push(ne.Target, WalrusScope(scope), Ctx.Store);
                Push(ne.Value, scope);
                return;
            case Assign asg:
                PushAll(asg.Targets, scope, Ctx.Store);
                Push(asg.Value, scope);
                return;
            case AugAssign aug:
                if (aug.Target is Name an) Read(scope, an.Id, an.Span);
                Push(aug.Target, scope, Ctx.Store);
                Push(aug.Value, scope);
                return;
            case AnnAssign ann:
            {
                if (ann.Target is Name tn)
                {
                    var sym = Sym(scope, tn.Id);
                    sym.Annotations.Add(tn.Span);
                    sym.AnnotationNodes.Add(ann.Annotation);
                    if (ann.Value != null) Bind(scope, tn.Id, tn.Span);
                }
                else Push(ann.Target, scope, Ctx.Store);
                Push(ann.Annotation, scope);
                Push(ann.Value, scope);
                return;
            }
            case For f:
                Push(f.Target, scope, Ctx.Store);
                Push(f.Iter, scope);
                PushAll(f.Body, scope);
                PushAll(f.OrElse, scope);
                return;
            case WithItem wi:
                Push(wi.ContextExpr, scope);
                Push(wi.OptionalVars, scope, Ctx.Store);
                return;
            case Delete d:
                PushAll(d.Targets, scope, Ctx.Del);
                return;
            case Global g:
                foreach (var id in g.Names) Sym(scope, id.Name).IsGlobal = true;
                return;
            case Nonlocal nl:
                foreach (var id in nl.Names) Sym(scope, id.Name).IsNonlocal = true;
                return;
            case Import imp:
                foreach (var a in imp.Names)
                {
                    string bound = a.AsName?.Name ?? a.Name.Split('.')[0];
                    var span = a.AsName?.Span ?? new TextSpan(a.NameSpan.Start, Math.Min(a.NameSpan.Length, bound.Length));
                    if (bound.Length == 0) continue;
                    Bind(scope, bound, span);
                    Sym(scope, bound).IsImport = true;
                }
                return;
            case ImportFrom from:
                foreach (var a in from.Names)
                {
                    if (a.Name == "*" || (a.AsName == null && a.Name.Length == 0)) continue;
                    string bound = a.AsName?.Name ?? a.Name;
                    Bind(scope, bound, a.AsName?.Span ?? a.NameSpan);
                    Sym(scope, bound).IsImport = true;
                }
                return;
            case ExceptHandler h:
                Push(h.Type, scope);
                if (h.Name is { IsMissing: false } hn) Bind(scope, hn.Name, hn.Span);
                PushAll(h.Body, scope);
                return;
            case MatchAs ma:
                if (ma.Name is { IsMissing: false } man) Bind(scope, man.Name, man.Span);
                Push(ma.Pattern, scope);
                return;
            case MatchStar ms:
                if (ms.Name is { IsMissing: false } msn) Bind(scope, msn.Name, msn.Span);
                return;
            case MatchMapping mm:
                if (mm.Rest is { IsMissing: false } rest) Bind(scope, rest.Name, rest.Span);
                PushAll(mm.Keys, scope);
                PushAll(mm.Patterns, scope);
                return;
            case MatchClass mc:
                Push(mc.Cls, scope);
                PushAll(mc.Patterns, scope);
                PushAll(mc.KwdPatterns, scope);
                return;
            case TypeAlias ta:
            {
                Bind(scope, ta.Name.Name, ta.Name.Span);
                var inner = TypeParamScope(ta.TypeParams, ta, scope);
                Push(ta.Value, inner);
                return;
            }
            case Identifier or Placeholder:
                return;
            default:
                children.Clear();
                node.AddChildrenTo(children);
                PushAll(children, scope);
                return;
        }
    }

    private static void BindParameters(Parameters parameters, Scope scope)
    {
        foreach (var p in parameters.Items)
        {
            if (p.Name.IsMissing) continue;
            var sym = Sym(scope, p.Name.Name);
            sym.Bindings.Add(p.Name.Span);
            sym.IsParameter = true;
        }
    }
}
