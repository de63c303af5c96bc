// Structural checks that must hold for every parse: tokens round-trip, spans ordered and nested, parents linked.
using CodeNodeLsp.Syntax.Python;

namespace CodeNodeLsp.Tests.Syntax;

public static class TreeInvariants
{
    /// <summary>Returns the first violation found, or null when the parse is sound.</summary>
    public static string? Violation(ParseResult r)
    {
        int start = r.Range.Start, end = r.Range.End;
        int at = start;
        foreach (var t in r.Tokens)
        {
            if (t.Span.Start != at) return $"token {t} starts at {t.Span.Start}, expected {at}";
            if (string.CompareOrdinal(r.Text, t.Span.Start, t.Text, 0, t.Span.Length) != 0 || t.Text.Length != t.Span.Length)
                return $"token {t} text differs from the source";
            at = t.Span.End;
        }
        if (at != end) return $"tokens end at {at}, range ends at {end}";
        if (r.Tokens.Count == 0 || r.Tokens[^1].Kind != TokenKind.EndOfFile) return "no EndOfFile token";

        var stack = new Stack<Node>();
        stack.Push(r.Module);
        if (r.Module.Span.Start != start || r.Module.Span.End != end) return $"module span {r.Module.Span} is not the range";
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Span.Start < start || n.Span.End > end || n.Span.Length < 0) return $"{n.GetType().Name} {n.Span} lies outside the range";
            int prevEnd = n.Span.Start;
            Node? prev = null;
            foreach (var c in n.Children())
            {
                if (c.Parent != n) return $"{c.GetType().Name} {c.Span} has the wrong parent";
                if (!n.Span.Contains(c.Span)) return $"{c.GetType().Name} {c.Span} is not inside its parent {n.GetType().Name} {n.Span}";
                if (c.Span.Start < prevEnd) return $"{c.GetType().Name} {c.Span} starts before its sibling {prev?.GetType().Name} ends ({prevEnd})";
                prevEnd = c.Span.End;
                prev = c;
                stack.Push(c);
            }
        }
        return null;
    }
}
