// Node.AddChildrenTo (the one definition of a node's children) against an independent oracle: the node's own fields.
using System.Collections;
using System.Reflection;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class ChildVisitorTests
{
    /// <summary>
    /// The oracle reads every node-valued field of a node by reflection (the parent link excepted), whether it holds one
    /// node or a list of them, so a child that <see cref="Node.AddChildrenTo"/> forgets or adds twice shows up.
    /// Fields, not properties: reading a lazily created list through its property would create it.
    /// </summary>
    private static List<Node> OracleChildren(Node node)
    {
        var result = new List<Node>();
        for (var type = node.GetType(); type != null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.Name.Contains("Parent", StringComparison.Ordinal)) continue;
                switch (field.GetValue(node))
                {
                    case Node child:
                        result.Add(child);
                        break;
                    case IEnumerable list when field.FieldType != typeof(string):
                        foreach (var item in list)
                        {
                            if (item is Node n) result.Add(n);
                        }
                        break;
                }
            }
        }
        return result;
    }

    /// <summary>The first node whose visited children differ from the oracle or are out of source order, or null.</summary>
    private static string? Mismatch(ParseResult r)
    {
        var stack = new Stack<Node>();
        var visited = new List<Node>();
        stack.Push(r.Module);
        int nodes = 0;
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            nodes++;
            visited.Clear();
            n.AddChildrenTo(visited);
            var expected = OracleChildren(n);
            var unseen = new HashSet<Node>(expected, ReferenceEqualityComparer.Instance);
            if (visited.Count != expected.Count || !visited.All(unseen.Remove))
                return $"{n.GetType().Name} {n.Span}: visited [{string.Join(", ", visited.Select(c => c.GetType().Name))}], its fields hold [{string.Join(", ", expected.Select(c => c.GetType().Name))}]";
            for (int i = 1; i < visited.Count; i++)
            {
                if (visited[i].Span.Start < visited[i - 1].Span.Start)
                    return $"{n.GetType().Name} {n.Span}: child {visited[i].GetType().Name} {visited[i].Span} comes before its predecessor";
            }
            if (!n.Children().SequenceEqual(visited)) return $"{n.GetType().Name} {n.Span}: Children() differs from AddChildrenTo";
            foreach (var c in visited) stack.Push(c);
        }
        return nodes > 1 || r.Module.Body.Count == 0 ? null : "the walk saw only the module";
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "ok", "err" })
        {
            foreach (var f in Directory.GetFiles(RepoPaths.Fixtures("syntax", folder), "*.py").OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.Combine(folder, Path.GetFileName(f)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Visited_children_are_the_node_fields_in_source_order_on_every_fixture(string name)
    {
        var r = PythonParser.Parse(File.ReadAllText(RepoPaths.Fixtures("syntax", name)));
        Assert.Null(Mismatch(r));
    }

    [Fact]
    public void Visited_children_match_on_every_invalid_snippet_and_with_placeholders()
    {
        foreach (var snippet in InvalidCorpusTests.Snippets())
        {
            Assert.Null(Mismatch(PythonParser.Parse(snippet)));
            Assert.Null(Mismatch(PythonParser.Parse(snippet, new ParseOptions(PlaceholderSyntax.Pflow))));
        }
        Assert.Null(Mismatch(PythonParser.Parse("def run():\n    x = {{vars.a}} + ${node.out}\n    return {{vars.b}}\n", new ParseOptions(PlaceholderSyntax.Voxworks))));
    }

    /// <summary>Every tenth standard-library file (about 180 files, every construct Python has), parsed and checked.</summary>
    [Fact]
    public void Visited_children_match_on_a_standard_library_sample()
    {
        string root = Python3.Run("import sysconfig; print(sysconfig.get_paths()['stdlib'])").Trim();
        var files = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories)
            .Where(p => !p.Contains("site-packages", StringComparison.Ordinal) && !p.Contains("dist-packages", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Where((_, i) => i % 10 == 0)
            .ToList();
        Assert.True(files.Count >= 50, $"only {files.Count} standard-library files found under {root}");
        foreach (var path in files)
        {
            string? problem = Mismatch(PythonParser.Parse(File.ReadAllText(path)));
            Assert.True(problem is null, $"{path}: {problem}");
        }
    }

    [Fact]
    public void Keyword_arguments_interleave_with_positional_ones_in_source_order()
    {
        var call = (Call)((ExprStmt)PythonParser.Parse("f(a, k=1, *b, j=2, **c)\n").Module.Body[0]).Value;
        var texts = call.Arguments.Children().Select(c => c.GetType().Name).ToList();
        Assert.Equal(["Name", "Keyword", "Starred", "Keyword", "Keyword"], texts);
    }
}
