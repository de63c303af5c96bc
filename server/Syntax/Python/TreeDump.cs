// A readable, stable text dump of a syntax tree (for `codenode parse --tree` and golden tests).
using System.Reflection;
using System.Text;

namespace CodeNodeLsp.Syntax.Python;

public static class TreeDump
{
    /// <summary>
    /// Deeper nodes are summarised in one line: indenting each of them by its depth would make the dump quadratic in
    /// the depth (a 50,000-long chain a + a + ... would need gigabytes of spaces).
    /// </summary>
    public const int MaxDepth = 500;

    private static readonly Dictionary<Type, PropertyInfo[]> Scalars = [];

    /// <summary>
    /// One line per node, indented by depth: the node type, its span, then its scalar fields (names, operators,
    /// flags). Errors follow the tree, one per line.
    /// </summary>
    public static string Dump(ParseResult result)
    {
        var sb = new StringBuilder();
        var stack = new Stack<(Node Node, int Depth)>();
        stack.Push((result.Module, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > MaxDepth)
            {
                int hidden = 0;
                foreach (var _ in node.DescendantsAndSelf()) hidden++;
                sb.Append(' ', depth * 2).Append("... ").Append(hidden).Append(" nodes too deeply nested to show\n");
                continue;
            }
            sb.Append(' ', depth * 2).Append(node.GetType().Name).Append(' ').Append(node.Span);
            foreach (var p in ScalarProperties(node.GetType()))
            {
                var v = p.GetValue(node);
                switch (v)
                {
                    case null or false: continue;
                    case true: sb.Append(' ').Append(p.Name); break;
                    case string s: sb.Append(' ').Append(p.Name).Append('=').Append(Quote(s)); break;
                    case Enum e when Convert.ToInt32(e) == 0 && p.Name != "Kind": continue;
                    default: sb.Append(' ').Append(p.Name).Append('=').Append(v); break;
                }
            }
            sb.Append('\n');
            var kids = node.Children();
            for (int i = kids.Count - 1; i >= 0; i--) stack.Push((kids[i], depth + 1));
        }
        foreach (var e in result.Errors)
        {
            sb.Append("error ").Append(e.Span).Append(": ").Append(e.Message).Append('\n');
        }
        return sb.ToString();
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append($"\\x{(int)c:x2}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static PropertyInfo[] ScalarProperties(Type t)
    {
        lock (Scalars)
        {
            if (Scalars.TryGetValue(t, out var props)) return props;
            props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.Name is not ("Span" or "Parent") && IsScalar(p.PropertyType))
                .OrderBy(p => p.MetadataToken)
                .ToArray();
            Scalars[t] = props;
            return props;
        }
    }

    private static bool IsScalar(Type t)
    {
        var u = Nullable.GetUnderlyingType(t) ?? t;
        return u == typeof(string) || u == typeof(bool) || u == typeof(int) || u == typeof(char) || u.IsEnum
;
    }
}
