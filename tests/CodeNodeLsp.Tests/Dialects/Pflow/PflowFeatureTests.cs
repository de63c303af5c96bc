// Editor features of the pflow dialect: completion in ${, hover, definition, document symbols, run lenses, fixes.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowFeatureTests
{
    private const string Flow = """
        # Users

        Counts active users.

        ## Inputs

        ### api_url

        Endpoint to query.

        - type: string

        ## Steps

        ### fetch

        Fetch the user list.

        - type: http
        - url: ${api_url}

        ### ask

        Ask a model.

        - type: llm
        - prompt: Count ${fetch.response.data} ${ask.x}

        ### summarize

        Keep active users and count them.

        - type: code
        - inputs:
            users: ${fetch.response.data}

        ```python code
        users: list
        result: dict = {"count": len(users)}
        ```

        ## Outputs

        ### active_count

        Number of active users.

        - source: ${summarize.result.count}
        """;

    private static readonly JObject Samples = JObject.Parse("""
        {"workflows": {"flows/users.pflow.md": {
          "inputs": {"api_url": "https://example.com/users"},
          "steps": {"fetch": {"response": {"data": [{"name": "Ada", "active": true}], "next page": 2, "total-count": 1}, "status_code": 200}}
        }}}
        """);

    private static CodeNodeLsp.Dialects.Pflow.PflowAnalysis Analyze(string text) =>
        PflowTestSupport.Analyze(text, "/ws/flows/users.pflow.md", Samples);

    private static int After(string text, string marker) => text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;

    [Fact]
    public void Completion_after_dollar_brace_offers_inputs_and_earlier_steps_only()
    {
        string text = Flow.Replace("- prompt: Count ${fetch.response.data}", "- prompt: Count ${");
        var items = Analyze(text).Complete(After(text, "Count ${"), CancellationToken.None);
        var labels = items.Select(i => i.Label).ToList();
        Assert.Contains("api_url", labels);
        Assert.Contains("fetch", labels);
        Assert.DoesNotContain("ask", labels);
        Assert.DoesNotContain("summarize", labels);
        var fetch = items.First(i => i.Label == "fetch");
        Assert.Equal(After(text, "Count ${"), fetch.Replace!.Value.Start);
        // The step says what it is: its id and its node type.
        Assert.Equal("fetch · http", fetch.Detail);
    }

    [Fact]
    public void Completion_after_a_step_offers_its_output_keys_then_sample_keys()
    {
        string text = Flow.Replace("${fetch.response.data} ${ask.x}", "${fetch.}");
        int at = After(text, "${fetch.");
        var labels = Analyze(text).Complete(at, CancellationToken.None).Select(i => i.Label).ToList();
        Assert.Equal(["response", "response_is_binary", "status_code", "response_headers", "response_time", "error"], labels.Take(6));
    }

    [Fact]
    public void Completion_deeper_offers_sample_fields_with_hyphens_but_not_spaces()
    {
        string text = Flow.Replace("${fetch.response.data} ${ask.x}", "${fetch.response.}");
        int at = After(text, "${fetch.response.");
        var items = Analyze(text).Complete(at, CancellationToken.None);
        var labels = items.Select(i => i.Label).ToList();
        Assert.Contains("data", labels);
        Assert.Contains("total-count", labels);
        Assert.DoesNotContain("next page", labels);
        Assert.Equal(at, items[0].Replace!.Value.Start);
    }

    [Fact]
    public void Hover_shows_source_declared_type_and_sample()
    {
        var analysis = Analyze(Flow);
        int at = Flow.IndexOf("${fetch.response.data}", StringComparison.Ordinal) + 3;
        var hover = analysis.Hover(at, CancellationToken.None);
        Assert.NotNull(hover);
        Assert.Contains("step **fetch** (`http`", hover!.Markdown);
        Assert.Contains("declared type `dict|str`", hover.Markdown);
        Assert.Contains("\"name\": \"Ada\"", hover.Markdown);
    }

    [Fact]
    public void Definition_goes_from_a_template_to_the_step_heading_or_input()
    {
        var analysis = Analyze(Flow);
        var toStep = analysis.Definition(Flow.IndexOf("${fetch.response.data}", StringComparison.Ordinal) + 2, CancellationToken.None);
        Assert.Equal("fetch", Flow.Substring(toStep.Single().Span.Start, toStep.Single().Span.Length));
        Assert.Equal(Flow.IndexOf("### fetch", StringComparison.Ordinal) + 4, toStep.Single().Span.Start);
        var toInput = analysis.Definition(Flow.IndexOf("${api_url}", StringComparison.Ordinal) + 3, CancellationToken.None);
        Assert.Equal(Flow.IndexOf("### api_url", StringComparison.Ordinal) + 4, toInput.Single().Span.Start);
    }

    [Fact]
    public void Symbols_list_sections_with_their_entities()
    {
        var symbols = Analyze(Flow).Symbols(CancellationToken.None);
        Assert.Equal(["Inputs", "Steps", "Outputs"], symbols.Select(s => s.Name));
        Assert.Equal(["fetch", "ask", "summarize"], symbols[1].Children!.Select(c => c.Name));
        Assert.Equal("http", symbols[1].Children![0].Detail);
    }

    [Fact]
    public void Each_code_step_gets_a_run_lens_with_path_and_node()
    {
        var lens = Assert.Single(Analyze(Flow).CodeLenses(CancellationToken.None));
        Assert.Equal("▶ Run step", lens.Title);
        Assert.Equal("codenode.run", lens.Command);
        var arg = Assert.IsType<Dictionary<string, object?>>(lens.Arguments.Single());
        Assert.Equal("/ws/flows/users.pflow.md", arg["path"]);
        Assert.Equal("summarize", arg["node"]);
    }

    [Fact]
    public void A_misspelt_source_gets_a_fix_to_the_nearest_valid_one()
    {
        string text = Flow.Replace("- url: ${api_url}", "- url: ${api_ur}");
        var d = Analyze(text).Diagnostics.Single(x => x.Code == "PF101");
        var fix = d.FixList.First();
        var fixedText = SourceText.From(text).WithEdits(fix.Edits).Text;
        Assert.Contains("- url: ${api_url}", fixedText);
    }

    [Fact]
    public void An_unknown_output_key_gets_did_you_mean_and_a_fix()
    {
        string text = Flow.Replace("${ask.x}", "${fetch.status}");
        var d = Analyze(text).Diagnostics.Single(x => x.Code == "PF104");
        Assert.Contains("Node 'fetch' (type: http) does not output 'status'", d.Message);
        Assert.Contains("Available outputs from 'fetch':", d.Message);
        Assert.Contains("Did you mean: ${fetch.status_code}?", d.Message);
        var fixedText = SourceText.From(text).WithEdits(d.FixList[0].Edits).Text;
        Assert.Contains("${fetch.status_code}", fixedText);
    }
}
