// The typed Python syntax tree (Ruff-style): every node has a span in the analysed text and a parent link.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// Base of every node. Spans are absolute offsets in the text given to the parser (so a code block inside a
/// Markdown file keeps positions in the Markdown file). Missing pieces are real nodes with empty spans.
/// </summary>
public abstract class Node
{
    public TextSpan Span { get; set; }
    public Node? Parent { get; set; }

    /// <summary>
    /// Appends the direct children, in source order and without nulls, to <paramref name="children"/>. This is the
    /// one definition of a node's children: walks reuse one list for every node instead of an enumerator each,
    /// which was a large share of what an analysis allocated.
    /// </summary>
    public abstract void AddChildrenTo(List<Node> children);

    /// <summary>Direct children in source order; nulls are skipped. Allocates a list: hot walks use <see cref="AddChildrenTo"/>.</summary>
    public IReadOnlyList<Node> Children()
    {
        var children = new List<Node>();
        AddChildrenTo(children);
        return children;
    }

    /// <summary>All descendants, depth-first pre-order, this node included. Iterative, so deep trees are safe.</summary>
    public IEnumerable<Node> DescendantsAndSelf()
    {
        var stack = new Stack<Node>();
        var children = new List<Node>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            children.Clear();
            n.AddChildrenTo(children);
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    public IEnumerable<Node> Ancestors()
    {
        for (var p = Parent; p != null; p = p.Parent) yield return p;
    }

    protected static void Add(List<Node> children, Node? child)
    {
        if (child != null) children.Add(child);
    }

    protected static void Add<T>(List<Node> children, List<T>? items) where T : Node?
    {
        if (items == null) return;
        foreach (var item in items)
        {
            if (item != null) children.Add(item);
        }
    }

    /// <summary>Appends two lists that are each in source order as one list in source order (the first wins ties).</summary>
    protected static void AddInSourceOrder<TA, TB>(List<Node> children, List<TA> first, List<TB>? second) where TA : Node where TB : Node
    {
        if (second == null || second.Count == 0)
        {
            Add(children, first);
            return;
        }
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
        {
            if (j >= second.Count || (i < first.Count && first[i].Span.Start <= second[j].Span.Start)) children.Add(first[i++]);
            else children.Add(second[j++]);
        }
    }

    /// <summary>Stable insertion sort of <c>children[from..]</c> by span start; the lists it merges are short and nearly sorted.</summary>
    protected static void SortBySpanStart(List<Node> children, int from)
    {
        for (int i = from + 1; i < children.Count; i++)
        {
            var item = children[i];
            int j = i - 1;
            while (j >= from && children[j].Span.Start > item.Span.Start)
            {
                children[j + 1] = children[j];
                j--;
            }
            children[j + 1] = item;
        }
    }
}

/// <summary>A name as written (function name, attribute name, parameter name, alias). Missing: empty span.</summary>
public sealed class Identifier : Node
{
    public Identifier(string name, TextSpan span, bool isMissing = false) { Name = name; Span = span; IsMissing = isMissing; }
    public string Name { get; }
    public bool IsMissing { get; }
    public override void AddChildrenTo(List<Node> children) { }
    public override string ToString() => Name;
}

// ───────────────────────────── statements ─────────────────────────────

public abstract class Stmt : Node;

public sealed class Module : Node
{
    public List<Stmt> Body { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Body);
}

public enum ParameterKind { PositionalOnly, Normal, VarArgs, KeywordOnly, KwArgs }

public sealed class Parameter : Node
{
    public required Identifier Name { get; init; }
    public Expr? Annotation { get; init; }
    public Expr? Default { get; init; }
    public ParameterKind Kind { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Name);
        Add(children, Annotation);
        Add(children, Default);
    }
}

/// <summary>A parameter list, in source order. Bare <c>*</c> and <c>/</c> markers are not parameters; kinds say it.</summary>
public sealed class Parameters : Node
{
    public List<Parameter> Items { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Items);
}

public enum TypeParamKind { TypeVar, TypeVarTuple, ParamSpec }

public sealed class TypeParam : Node
{
    public required Identifier Name { get; init; }
    public TypeParamKind Kind { get; init; }
    public Expr? Bound { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Name);
        Add(children, Bound);
    }
}

public sealed class FunctionDef : Stmt
{
    public required Identifier Name { get; init; }
    public List<Expr> Decorators => decorators ??= [];
    private List<Expr>? decorators; // created on first use: most nodes never have any
    public List<TypeParam> TypeParams => typeParams ??= [];
    private List<TypeParam>? typeParams; // created on first use: most nodes never have any
    public required Parameters Parameters { get; init; }
    public Expr? Returns { get; init; }
    public List<Stmt> Body { get; } = [];
    public bool IsAsync { get; init; }
    /// <summary>The span of the <c>def</c> keyword (or <c>async</c>), for messages about the header.</summary>
    public TextSpan KeywordSpan { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, decorators);
        Add(children, Name);
        Add(children, typeParams);
        Add(children, Parameters);
        Add(children, Returns);
        Add(children, Body);
    }
}

public sealed class ClassDef : Stmt
{
    public required Identifier Name { get; init; }
    public List<Expr> Decorators => decorators ??= [];
    private List<Expr>? decorators; // created on first use: most nodes never have any
    public List<TypeParam> TypeParams => typeParams ??= [];
    private List<TypeParam>? typeParams; // created on first use: most nodes never have any
    public Arguments? Arguments { get; init; }
    public List<Stmt> Body { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, decorators);
        Add(children, Name);
        Add(children, typeParams);
        Add(children, Arguments);
        Add(children, Body);
    }
}

public sealed class Return : Stmt
{
    public Expr? Value { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class Delete : Stmt
{
    public List<Expr> Targets { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Targets);
}

/// <summary><c>a = b = value</c>: Targets holds a and b.</summary>
public sealed class Assign : Stmt
{
    public List<Expr> Targets { get; } = [];
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Targets);
        Add(children, Value);
    }
}

public sealed class AugAssign : Stmt
{
    public required Expr Target { get; init; }
    public required string Op { get; init; } // "+=", "-=", ...
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Target);
        Add(children, Value);
    }
}

/// <summary><c>target: annotation [= value]</c>. Simple is true for a bare unparenthesized name target.</summary>
public sealed class AnnAssign : Stmt
{
    public required Expr Target { get; init; }
    public required Expr Annotation { get; init; }
    public Expr? Value { get; init; }
    public bool Simple { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Target);
        Add(children, Annotation);
        Add(children, Value);
    }
}

public sealed class TypeAlias : Stmt
{
    public required Identifier Name { get; init; }
    public List<TypeParam> TypeParams { get; } = [];
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Name);
        Add(children, TypeParams);
        Add(children, Value);
    }
}

public sealed class For : Stmt
{
    public required Expr Target { get; init; }
    public required Expr Iter { get; init; }
    public List<Stmt> Body { get; } = [];
    public List<Stmt> OrElse => orElse ??= [];
    private List<Stmt>? orElse; // created on first use: most nodes never have any
    public bool IsAsync { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Target);
        Add(children, Iter);
        Add(children, Body);
        Add(children, orElse);
    }
}

public sealed class While : Stmt
{
    public required Expr Test { get; init; }
    public List<Stmt> Body { get; } = [];
    public List<Stmt> OrElse => orElse ??= [];
    private List<Stmt>? orElse; // created on first use: most nodes never have any
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Test);
        Add(children, Body);
        Add(children, orElse);
    }
}

/// <summary><c>if</c>; an <c>elif</c> is an If alone in OrElse with IsElif set.</summary>
public sealed class If : Stmt
{
    public required Expr Test { get; init; }
    public List<Stmt> Body { get; } = [];
    public List<Stmt> OrElse => orElse ??= [];
    private List<Stmt>? orElse; // created on first use: most nodes never have any
    public bool IsElif { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Test);
        Add(children, Body);
        Add(children, orElse);
    }
}

public sealed class WithItem : Node
{
    public required Expr ContextExpr { get; init; }
    public Expr? OptionalVars { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, ContextExpr);
        Add(children, OptionalVars);
    }
}

public sealed class With : Stmt
{
    public List<WithItem> Items { get; } = [];
    public List<Stmt> Body { get; } = [];
    public bool IsAsync { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Items);
        Add(children, Body);
    }
}

public sealed class MatchCase : Node
{
    public required Pattern Pattern { get; init; }
    public Expr? Guard { get; init; }
    public List<Stmt> Body { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Pattern);
        Add(children, Guard);
        Add(children, Body);
    }
}

public sealed class Match : Stmt
{
    public required Expr Subject { get; init; }
    public List<MatchCase> Cases { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Subject);
        Add(children, Cases);
    }
}

public sealed class Raise : Stmt
{
    public Expr? Exc { get; init; }
    public Expr? Cause { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Exc);
        Add(children, Cause);
    }
}

public sealed class ExceptHandler : Node
{
    public Expr? Type { get; init; }
    public Identifier? Name { get; init; }
    public List<Stmt> Body { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Type);
        Add(children, Name);
        Add(children, Body);
    }
}

public sealed class Try : Stmt
{
    public List<Stmt> Body { get; } = [];
    public List<ExceptHandler> Handlers { get; } = [];
    public List<Stmt> OrElse => orElse ??= [];
    private List<Stmt>? orElse; // created on first use: most nodes never have any
    public List<Stmt> FinalBody { get; } = [];
    public bool IsStar { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Body);
        Add(children, Handlers);
        Add(children, orElse);
        Add(children, FinalBody);
    }
}

public sealed class Assert : Stmt
{
    public required Expr Test { get; init; }
    public Expr? Msg { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Test);
        Add(children, Msg);
    }
}

/// <summary><c>import a.b as c</c>: Name is the dotted module name as written, AsName the alias.</summary>
public sealed class Alias : Node
{
    public required string Name { get; init; }
    public required TextSpan NameSpan { get; init; }
    public Identifier? AsName { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, AsName);
}

public sealed class Import : Stmt
{
    public List<Alias> Names { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Names);
}

public sealed class ImportFrom : Stmt
{
    /// <summary>The dotted module after the dots; null for <c>from . import x</c>.</summary>
    public string? Module { get; init; }
    public TextSpan ModuleSpan { get; init; }
    public int Level { get; init; }
    public List<Alias> Names { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Names);
}

public sealed class Global : Stmt
{
    public List<Identifier> Names { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Names);
}

public sealed class Nonlocal : Stmt
{
    public List<Identifier> Names { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Names);
}

public sealed class ExprStmt : Stmt
{
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class Pass : Stmt { public override void AddChildrenTo(List<Node> children) { } }
public sealed class Break : Stmt { public override void AddChildrenTo(List<Node> children) { } }
public sealed class Continue : Stmt { public override void AddChildrenTo(List<Node> children) { } }

/// <summary>A statement that could not be parsed; keeps whatever partial nodes were built.</summary>
public sealed class ErrorStmt : Stmt
{
    public List<Node> Partial { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Partial);
}

// ───────────────────────────── expressions ─────────────────────────────

public abstract class Expr : Node;

public sealed class BoolOp : Expr
{
    public required string Op { get; init; } // "and" | "or"
    public List<Expr> Values { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Values);
}

public sealed class NamedExpr : Expr
{
    public required Expr Target { get; init; }
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Target);
        Add(children, Value);
    }
}

public sealed class BinOp : Expr
{
    public required Expr Left { get; init; }
    public required string Op { get; init; } // "+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "|", "^", "&"
    public required Expr Right { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Left);
        Add(children, Right);
    }
}

public sealed class UnaryOp : Expr
{
    public required string Op { get; init; } // "not", "-", "+", "~"
    public required Expr Operand { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Operand);
}

public sealed class Lambda : Expr
{
    public required Parameters Parameters { get; init; }
    public required Expr Body { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Parameters);
        Add(children, Body);
    }
}

public sealed class IfExp : Expr
{
    public required Expr Test { get; init; }
    public required Expr Body { get; init; }
    public required Expr OrElse { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Body);
        Add(children, Test);
        Add(children, OrElse);
    }
}

/// <summary>A dict display. A null key marks <c>**mapping</c> unpacking, whose mapping is the value.</summary>
public sealed class DictExpr : Expr
{
    public List<Expr?> Keys { get; } = [];
    public List<Expr> Values { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        for (int i = 0; i < Values.Count; i++)
        {
            if (i < Keys.Count && Keys[i] is { } k) children.Add(k);
            children.Add(Values[i]);
        }
    }
}

public sealed class SetExpr : Expr
{
    public List<Expr> Elts { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Elts);
}

public sealed class Comprehension : Node
{
    public required Expr Target { get; init; }
    public required Expr Iter { get; init; }
    public List<Expr> Ifs => ifs ??= [];
    private List<Expr>? ifs; // created on first use: most nodes never have any
    public bool IsAsync { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Target);
        Add(children, Iter);
        Add(children, ifs);
    }
}

public enum ComprehensionKind { List, Set, Generator, Dict }

/// <summary>List, set and generator comprehensions and dict comprehensions (Key set only for Dict).</summary>
public sealed class ComprehensionExpr : Expr
{
    public required ComprehensionKind Kind { get; init; }
    public Expr? Key { get; init; }
    public required Expr Element { get; init; }
    public List<Comprehension> Generators { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Key);
        Add(children, Element);
        Add(children, Generators);
    }
}

public sealed class Await : Expr
{
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class Yield : Expr
{
    public Expr? Value { get; init; }
    public bool IsFrom { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class Compare : Expr
{
    public required Expr Left { get; init; }
    public List<string> Ops { get; } = []; // "==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"
    public List<Expr> Comparators { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Left);
        Add(children, Comparators);
    }
}

public sealed class Keyword : Node
{
    /// <summary>Null for <c>**kwargs</c> unpacking.</summary>
    public Identifier? Arg { get; init; }
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Arg);
        Add(children, Value);
    }
}

/// <summary>Call arguments or class bases, each list in source order (Starred for <c>*args</c>).</summary>
public sealed class Arguments : Node
{
    public List<Expr> Args { get; } = [];
    public List<Keyword> Keywords => keywords ??= [];
    private List<Keyword>? keywords; // created on first use: most nodes never have any
    public override void AddChildrenTo(List<Node> children) => AddInSourceOrder(children, Args, keywords);
}

public sealed class Call : Expr
{
    public required Expr Func { get; init; }
    public required Arguments Arguments { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Func);
        Add(children, Arguments);
    }
}

public enum ConstantKind { None, True, False, Ellipsis, Int, Float, Complex }

/// <summary><c>None</c>, <c>True</c>, <c>False</c>, <c>...</c> and numbers; Text is the literal as written.</summary>
public sealed class Constant : Expr
{
    public required ConstantKind Kind { get; init; }
    public required string Text { get; init; }
    public override void AddChildrenTo(List<Node> children) { }
}

/// <summary>
/// One string or bytes literal, or several implicitly concatenated (<c>"a" "b"</c>). Value is the decoded text
/// when no part is an f-string; Parts holds each literal token's span. F-string pieces are in FStringParts.
/// </summary>
public sealed class StringLiteral : Expr
{
    public required string Value { get; init; }
    public bool IsBytes { get; init; }
    public bool IsFString { get; init; }
    /// <summary>Each literal token's span; a single literal's list is its own span, made on first use.</summary>
    public List<TextSpan> Parts => parts ??= [Span];
    private List<TextSpan>? parts;
    internal void SetParts(List<TextSpan> spans) => parts = spans;
    /// <summary>For f-strings: literal chunks (as StringLiteral) and FormattedValue nodes in order.</summary>
    public List<Expr> FStringParts => fStringParts ??= [];
    internal bool HasFStringParts => fStringParts is { Count: > 0 };
    private List<Expr>? fStringParts; // created on first use: most nodes never have any
    public override void AddChildrenTo(List<Node> children) => Add(children, fStringParts);
}

/// <summary>A replacement field <c>{expr!r:spec}</c> of an f-string.</summary>
public sealed class FormattedValue : Expr
{
    public required Expr Value { get; init; }
    public char? Conversion { get; init; }
    public StringLiteral? FormatSpec { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Value);
        Add(children, FormatSpec);
    }
}

public sealed class Attribute : Expr
{
    public required Expr Value { get; init; }
    /// <summary>Missing (empty span) in <c>foo.</c>; completion reads Value.</summary>
    public required Identifier Attr { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Value);
        Add(children, Attr);
    }
}

public sealed class Subscript : Expr
{
    public required Expr Value { get; init; }
    public required Expr Slice { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Value);
        Add(children, Slice);
    }
}

public sealed class Starred : Expr
{
    public required Expr Value { get; init; }
    public bool IsDouble { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class Name : Expr
{
    public Name(string id, TextSpan span, bool isMissing = false) { Id = id; Span = span; IsMissing = isMissing; }
    public string Id { get; }
    public bool IsMissing { get; }
    public override void AddChildrenTo(List<Node> children) { }
}

public sealed class ListExpr : Expr
{
    public List<Expr> Elts { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Elts);
}

public sealed class TupleExpr : Expr
{
    public List<Expr> Elts { get; } = [];
    public bool Parenthesized { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Elts);
}

public sealed class Slice : Expr
{
    public Expr? Lower { get; init; }
    public Expr? Upper { get; init; }
    public Expr? Step { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Lower);
        Add(children, Upper);
        Add(children, Step);
    }
}

public enum PlaceholderKind { Pflow, Voxworks }

/// <summary>
/// A dialect placeholder written outside a string: pflow <c>${node.path}</c> or Voxworks <c>{{ns.path}}</c>.
/// Path is the inner text trimmed (<c>node.path</c>); for Voxworks it is a valid atom and assignment target.
/// </summary>
public sealed class Placeholder : Expr
{
    public required PlaceholderKind Kind { get; init; }
    public required string Path { get; init; }
    public required TextSpan PathSpan { get; init; }
    public override void AddChildrenTo(List<Node> children) { }
}

public enum ErrorCategory { MissingExpression, MissingMemberName, MissingIndex, MissingCallClose, BadToken, TooDeep }

/// <summary>An expression that could not be parsed; Partial keeps what was (<c>foo.</c> keeps <c>foo</c>).</summary>
public sealed class ErrorExpr : Expr
{
    public required ErrorCategory Category { get; init; }
    public Expr? Partial { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Partial);
}

// ───────────────────────────── match patterns ─────────────────────────────

public abstract class Pattern : Node;

public sealed class MatchValue : Pattern
{
    public required Expr Value { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class MatchSingleton : Pattern
{
    public required Constant Value { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Value);
}

public sealed class MatchSequence : Pattern
{
    public List<Pattern> Patterns { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Patterns);
}

public sealed class MatchMapping : Pattern
{
    public List<Expr> Keys { get; } = [];
    public List<Pattern> Patterns { get; } = [];
    public Identifier? Rest { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        // Keys alternate with their patterns ({k: p, ...}); a recovered **rest may stand anywhere.
        int from = children.Count;
        AddInSourceOrder(children, Keys, Patterns);
        Add(children, Rest);
        SortBySpanStart(children, from);
    }
}

public sealed class MatchClass : Pattern
{
    public required Expr Cls { get; init; }
    public List<Pattern> Patterns { get; } = [];
    public List<Identifier> KwdAttrs { get; } = [];
    public List<Pattern> KwdPatterns { get; } = [];
    public override void AddChildrenTo(List<Node> children)
    {
        // Keyword names alternate with their patterns (C(p, name=q)); each list alone is in source order.
        Add(children, Cls);
        int from = children.Count;
        Add(children, Patterns);
        Add(children, KwdAttrs);
        Add(children, KwdPatterns);
        SortBySpanStart(children, from);
    }
}

public sealed class MatchStar : Pattern
{
    public Identifier? Name { get; init; }
    public override void AddChildrenTo(List<Node> children) => Add(children, Name);
}

/// <summary><c>pattern as name</c>, a capture <c>name</c> (Pattern null) or the wildcard <c>_</c> (both null).</summary>
public sealed class MatchAs : Pattern
{
    public Pattern? Pattern { get; init; }
    public Identifier? Name { get; init; }
    public override void AddChildrenTo(List<Node> children)
    {
        Add(children, Pattern);
        Add(children, Name);
    }
}

public sealed class MatchOr : Pattern
{
    public List<Pattern> Patterns { get; } = [];
    public override void AddChildrenTo(List<Node> children) => Add(children, Patterns);
}
