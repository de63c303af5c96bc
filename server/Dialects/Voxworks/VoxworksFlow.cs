// Control flow and value shapes for run()'s return rule: does every path return, and is a value surely not a bool.
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>
/// Small, conservative flow facts. "Always leaves" errs towards false only where Python itself could fall through,
/// so an if/else that returns on both sides, a try whose handlers all return, or <c>while True</c> without break
/// count as leaving; a plain for loop never does (it may run zero times).
/// </summary>
public static class VoxworksFlow
{
    /// <summary>True when running these statements can never reach the end of the list.</summary>
    public static bool AlwaysLeaves(IReadOnlyList<Stmt> body)
    {
        foreach (var s in body)
            if (AlwaysLeaves(s)) return true;
        return false;
    }

    private static bool AlwaysLeaves(Stmt s) => s switch
    {
        Return or Raise => true,
        If i => i.OrElse.Count > 0 && AlwaysLeaves(i.Body) && AlwaysLeaves(i.OrElse),
        While w => IsAlwaysTrue(w.Test) && !Breaks(w.Body),
        For f => f.OrElse.Count > 0 && AlwaysLeaves(f.OrElse) && !Breaks(f.Body),
        With w => AlwaysLeaves(w.Body),
        Try t => AlwaysLeaves(t.FinalBody)
                 || ((AlwaysLeaves(t.Body) || AlwaysLeaves(t.OrElse)) && t.Handlers.TrueForAll(h => AlwaysLeaves(h.Body))),
        Match m => m.Cases.Exists(c => c.Pattern is MatchAs { Pattern: null } && c.Guard == null)
                   && m.Cases.TrueForAll(c => AlwaysLeaves(c.Body)),
        _ => false,
    };

    // `while True:` and `while 1:` loop until a break or a return; CPython treats both as infinite.
    private static bool IsAlwaysTrue(Expr test) => test switch
    {
        Constant { Kind: ConstantKind.True } => true,
        Constant { Kind: ConstantKind.Int, Text: var t } => IsNonZeroInteger(t),
        _ => false,
    };

    // An integer literal is non-zero when a digit other than 0 follows its 0x/0o/0b prefix (underscores aside).
    private static bool IsNonZeroInteger(string literal)
    {
        string digits = literal.Length > 2 && literal[0] == '0' && char.IsLetter(literal[1]) ? literal[2..] : literal;
        foreach (char c in digits)
            if (c is not ('0' or '_')) return true;
        return false;
    }

    /// <summary>True when a break in these statements leaves the loop that owns them (not an inner loop).</summary>
    private static bool Breaks(IReadOnlyList<Stmt> body)
    {
        foreach (var s in body)
        {
            switch (s)
            {
                case Break: return true;
                case If i when Breaks(i.Body) || Breaks(i.OrElse): return true;
                case With w when Breaks(w.Body): return true;
                case Try t when Breaks(t.Body) || Breaks(t.OrElse) || Breaks(t.FinalBody) || t.Handlers.Exists(h => Breaks(h.Body)): return true;
                case Match m when m.Cases.Exists(c => Breaks(c.Body)): return true;
                // A for or while statement owns the breaks inside it, except those in its else clause.
                case For f when Breaks(f.OrElse): return true;
                case While w when Breaks(w.OrElse): return true;
            }
        }
        return false;
    }

    /// <summary>What an expression surely evaluates to, or Unknown.</summary>
    public static ValueShape ShapeOf(Expr e) => e switch
    {
        Constant { Kind: ConstantKind.True or ConstantKind.False } => ValueShape.Bool,
        Constant { Kind: ConstantKind.None } => ValueShape.None,
        Constant => ValueShape.Number,
        StringLiteral => ValueShape.String,
        DictExpr => ValueShape.Dict,
        SetExpr => ValueShape.Set,
        ComprehensionExpr { Kind: ComprehensionKind.Dict } => ValueShape.Dict,
        ComprehensionExpr { Kind: ComprehensionKind.Set } => ValueShape.Set,
        Compare => ValueShape.Bool,
        UnaryOp { Op: "not" } => ValueShape.Bool,
        UnaryOp { Op: "-" or "+" or "~", Operand: var o } when ShapeOf(o) == ValueShape.Number => ValueShape.Number,
        BoolOp b => Same(b.Values),
        IfExp i => ShapeOf(i.Body) == ShapeOf(i.OrElse) ? ShapeOf(i.Body) : ValueShape.Unknown,
        Call { Func: Name n } when VoxworksAllowList.Functions.TryGetValue(n.Id, out var f) => f.Returns,
        Call { Func: Attribute a } when VoxworksAllowList.Methods.TryGetValue(a.Attr.Name, out var m) => m.Returns,
        _ => ValueShape.Unknown,
    };

    // `a and b` / `a or b` yields one of its operands, so it has a shape only when all operands share it.
    private static ValueShape Same(List<Expr> values)
    {
        if (values.Count == 0) return ValueShape.Unknown;
        var first = ShapeOf(values[0]);
        for (int i = 1; i < values.Count; i++)
            if (ShapeOf(values[i]) != first) return ValueShape.Unknown;
        return first;
    }
}
