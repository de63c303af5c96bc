// Editor features of a Voxworks step: completion, hover, the Run CodeLens and the outline.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksFeatureTests
{
    private static readonly NodeContext Context = VoxworksFixtures.Context(JObject.Parse("""
        {"node": "check_email",
         "variables": {"contact.email": "ada@example.com", "contact.first_name": "Ada", "custom.order": {"id": "A1"}},
         "inputs": {"input_1": "hello"},
         "conditions": ["verified", "otherwise"]}
        """));

    /// <summary>Analyses text with a <c>$0</c> cursor marker and returns the analysis and the cursor offset.</summary>
    private static (VoxworksAnalysis Analysis, int Offset) At(string textWithCursor, SampleSet? samples = null)
    {
        int offset = textWithCursor.IndexOf("$0", StringComparison.Ordinal);
        Assert.True(offset >= 0, "the test text needs a $0 cursor");
        string text = textWithCursor.Remove(offset, 2);
        return (VoxworksFixtures.Analyze(text, Context, samples: samples), offset);
    }

    [Fact]
    public void Completion_inside_open_braces_offers_variables_and_closes_the_placeholder()
    {
        var (a, offset) = At("def run():\n    x = {{con$0\n    return True\n");
        var items = a.Complete(offset, CancellationToken.None);
        var email = Assert.Single(items, i => i.Label == "contact.email");
        Assert.Equal(CompletionKind.Variable, email.Kind);
        Assert.Equal("contact.email}}", email.InsertText);
        Assert.Equal(offset - 3, email.Replace!.Value.Start);
        Assert.Equal(offset, email.Replace!.Value.End);
        Assert.Contains("ada@example.com", email.Documentation);
        Assert.DoesNotContain(items, i => i.Kind == CompletionKind.Function);
    }

    [Fact]
    public void Completion_offers_known_variables_first_and_marks_the_misspelt_ones_the_file_uses()
    {
        var (a, offset) = At("def run():\n    y = {{contact.emial}}\n    x = {{con$0\n    return True\n");
        var items = a.Complete(offset, CancellationToken.None);
        var misspelt = Assert.Single(items, i => i.Label == "contact.emial");
        var email = Assert.Single(items, i => i.Label == "contact.email");
        Assert.StartsWith("unknown", misspelt.Detail);
        Assert.NotEqual(CompletionKind.Variable, misspelt.Kind);
        Assert.True(string.CompareOrdinal(email.SortText, misspelt.SortText) < 0);
        Assert.All(items.Where(i => i.Label != "contact.emial"), i => Assert.True(string.CompareOrdinal(i.SortText, misspelt.SortText) < 0));
    }

    [Fact]
    public void Completion_inside_a_closed_placeholder_replaces_the_whole_path()
    {
        var (a, offset) = At("def run():\n    return {{contact.e$0mail}} is None\n");
        var item = Assert.Single(a.Complete(offset, CancellationToken.None), i => i.Label == "contact.first_name");
        Assert.Equal("contact.first_name", item.InsertText);
        Assert.Equal("contact.email", a.Request.Text.Text.Substring(item.Replace!.Value.Start, item.Replace.Value.Length));
    }

    [Fact]
    public void Completion_after_a_dot_offers_only_the_allowed_methods_with_signatures()
    {
        var (a, offset) = At("def run():\n    return {{contact.email}}.st$0\n");
        var items = a.Complete(offset, CancellationToken.None);
        Assert.Equal(VoxworksAllowList.MethodList.Select(m => m.Name).Order(), items.Select(i => i.Label).Order());
        var strip = Assert.Single(items, i => i.Label == "strip");
        Assert.Equal(CompletionKind.Method, strip.Kind);
        Assert.Equal("str.strip(chars=None)", strip.Detail);
        Assert.DoesNotContain(items, i => i.Label == "format");
    }

    [Fact]
    public void Completion_of_a_name_offers_allowed_functions_inputs_and_locals_with_docs()
    {
        var (a, offset) = At("def run():\n    total = 1\n    return co$0\n");
        var items = a.Complete(offset, CancellationToken.None);
        var coalesce = Assert.Single(items, i => i.Label == "coalesce");
        Assert.Equal(CompletionKind.Function, coalesce.Kind);
        Assert.Equal("coalesce(value, default)", coalesce.Detail);
        Assert.Contains("None", coalesce.Documentation);
        Assert.Contains(items, i => i.Label == "input_1");
        Assert.Contains(items, i => i.Label == "total");
        Assert.DoesNotContain(items, i => i.Label is "getattr" or "type" or "__import__");
    }

    [Fact]
    public void No_completion_inside_a_string_or_comment()
    {
        var (a, offset) = At("def run():\n    print(\"co$0\")  # note\n    return True\n");
        Assert.Empty(a.Complete(offset, CancellationToken.None));
    }

    [Fact]
    public void Hover_on_a_helper_shows_its_signature_and_doc()
    {
        var (a, offset) = At("def run():\n    return is_em$0pty({{contact.email}})\n");
        var hover = a.Hover(offset, CancellationToken.None);
        Assert.NotNull(hover);
        Assert.Contains("is_empty(value)", hover!.Markdown);
        Assert.Contains("True for None", hover.Markdown);
    }

    [Fact]
    public void Hover_on_a_method_shows_its_doc()
    {
        var (a, offset) = At("def run():\n    return {{contact.email}}.low$0er() == \"x\"\n");
        var hover = a.Hover(offset, CancellationToken.None);
        Assert.Contains("str.lower()", hover!.Markdown);
    }

    [Fact]
    public void Hover_on_a_placeholder_shows_its_sample_value_and_samples_win_over_the_manifest()
    {
        var (a, offset) = At("def run():\n    return {{custom.or$0der.id}} == \"A1\"\n");
        var hover = a.Hover(offset, CancellationToken.None);
        Assert.Contains("\"A1\"", hover!.Markdown);

        var samples = new SampleSet(JObject.Parse("""{"variables": {"contact.email": "recorded@example.com"}}"""));
        var (b, at) = At("def run():\n    return {{contact.em$0ail}} is None\n", samples);
        var recorded = b.Hover(at, CancellationToken.None);
        Assert.Contains("recorded@example.com", recorded!.Markdown);
        Assert.DoesNotContain("ada@example.com", recorded.Markdown);
    }

    [Fact]
    public void Hover_on_an_unknown_placeholder_says_so()
    {
        var (a, offset) = At("def run():\n    return {{contact.pho$0ne}} is None\n");
        Assert.Contains("Not in this node's variables", a.Hover(offset, CancellationToken.None)!.Markdown);
    }

    [Fact]
    public void The_run_code_lens_sits_on_def_run_and_names_the_file_and_node()
    {
        var a = VoxworksFixtures.Analyze("def run():\n    return True\n", Context, path: "/ws/steps/check.py");
        var lens = Assert.Single(a.CodeLenses(CancellationToken.None));
        Assert.Equal("▶ Run step", lens.Title);
        Assert.Equal("codenode.run", lens.Command);
        Assert.Equal("def run", a.Request.Text.Text.Substring(lens.Span.Start, lens.Span.Length));
        var arg = Assert.IsType<Dictionary<string, object?>>(Assert.Single(lens.Arguments));
        Assert.Equal("/ws/steps/check.py", arg["path"]);
        Assert.Equal("check_email", arg["node"]);
    }

    [Fact]
    public void The_outline_shows_run()
    {
        var a = VoxworksFixtures.Analyze("def run():\n    return True\n", Context);
        var symbol = Assert.Single(a.Symbols(CancellationToken.None));
        Assert.Equal("run", symbol.Name);
        Assert.Equal(SymbolKind.Function, symbol.Kind);
    }
}
