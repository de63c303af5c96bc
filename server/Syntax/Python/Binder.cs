// Names and scopes: which names each scope binds, reads, annotates and declares global/nonlocal, and where.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

public enum ScopeKind { Module, Function, Lambda, Class, Comprehension }

/// <summary>Everything one scope knows about one name.</summary>
public sealed class Symbol
{
    public Symbol(string name) { Name = name; }
    public string Name { get; }
    /// <summary>Spans of every binding: assignment targets, imports, def/class names, parameters, for/with/except targets.</summary>
    public List<TextSpan> Bindings { get; } = [];
    public List<TextSpan> Reads { get; } = [];
    /// <summary>Spans of annotated targets (<c>x: int</c> and <c>x: int = 1</c>); the annotation node is in AnnotationNodes.</summary>
    public List<TextSpan> Annotations { get; } = [];
    public List<Expr> AnnotationNodes { get; } = [];
    public bool IsGlobal { get; set; }
    public bool IsNonlocal { get; set; }
    public bool IsParameter { get; set; }
    public bool IsImport { get; set; }
    public bool IsBound => Bindings.Count > 0;
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
    /// or Voxworks helpers), treated like builtins.
    /// </summary>
    public static BindResult Bind(Module module, IReadOnlySet<string>? predefined = null)
    {
        // Placeholder until the binder lands under the parser issue.
        return new BindResult { ModuleScope = new Scope(ScopeKind.Module, module, null), Unresolved = [] };
    }
}
