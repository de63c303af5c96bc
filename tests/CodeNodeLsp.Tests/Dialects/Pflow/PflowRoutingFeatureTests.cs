// Editor features of current pflow's routing: step ids offered after - next: / - on-error:, definition of a target, routed symbols.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowRoutingFeatureTests
{
    private static readonly string Flow = File.ReadAllText(PflowTestSupport.Fixture("pflow-current", "clean-routing.pflow.md"));

    private static PflowAnalysis Current(string text) => PflowTestSupport.Analyze(text, version: PflowVersion.Current);

    [Fact]
    public void After_next_the_other_steps_and_end_are_offered_replacing_the_typed_segment()
    {
        string text = Flow.Replace("- next: combine\n- on-error: recover", "- next: comb\n- on-error: recover");
        int at = text.IndexOf("- next: comb", StringComparison.Ordinal) + "- next: comb".Length;
        var items = Current(text).Complete(at, CancellationToken.None);
        var labels = items.Select(i => i.Label).ToList();
        Assert.Contains("combine", labels);
        Assert.Contains("end", labels);
        Assert.DoesNotContain("high", labels); // the step itself
        var combine = items.Single(i => i.Label == "combine");
        Assert.Equal("comb", text.Substring(combine.Replace!.Value.Start, combine.Replace.Value.Length));
    }

    [Fact]
    public void After_a_comma_only_the_new_segment_is_replaced_and_on_error_offers_no_end()
    {
        int at = Flow.IndexOf("- next: high, low", StringComparison.Ordinal) + "- next: high, l".Length;
        var item = Current(Flow).Complete(at, CancellationToken.None).Single(i => i.Label == "low");
        Assert.Equal("low", Flow.Substring(item.Replace!.Value.Start, item.Replace.Value.Length));
        int onError = Flow.IndexOf("- on-error: recover", StringComparison.Ordinal) + "- on-error: ".Length;
        Assert.DoesNotContain("end", Current(Flow).Complete(onError, CancellationToken.None).Select(i => i.Label));
    }

    [Fact]
    public void In_0_8_a_next_bullet_offers_nothing()
    {
        int at = Flow.IndexOf("- next: high, low", StringComparison.Ordinal) + "- next: ".Length;
        Assert.Empty(PflowTestSupport.Analyze(Flow, version: PflowVersion.V0_8).Complete(at, CancellationToken.None));
    }

    [Fact]
    public void Definition_of_a_bullet_target_and_of_a_code_literal_goes_to_the_step()
    {
        var analysis = Current(Flow);
        int recover = Flow.IndexOf("- on-error: recover", StringComparison.Ordinal) + "- on-error: re".Length;
        var target = Assert.Single(analysis.Definition(recover, CancellationToken.None));
        Assert.Equal("recover", Flow.Substring(target.Span.Start, target.Span.Length));
        int literal = Flow.IndexOf("next: str = \"low\"", StringComparison.Ordinal) + "next: str = \"l".Length;
        var low = Assert.Single(analysis.Definition(literal, CancellationToken.None));
        Assert.Equal(Flow.IndexOf("### low", StringComparison.Ordinal) + 4, low.Span.Start);
    }

    [Fact]
    public void Step_symbols_show_where_each_step_routes()
    {
        var steps = Current(Flow).Symbols(CancellationToken.None).Single(s => s.Name == "Steps").Children!;
        Assert.Equal("code → high, low", steps.Single(s => s.Name == "classify").Detail);
        Assert.Equal("shell → combine · on-error → recover", steps.Single(s => s.Name == "high").Detail);
        Assert.Equal("shell → wait, end", steps.Single(s => s.Name == "combine").Detail);
        Assert.Equal("workflow → step-done", steps.Single(s => s.Name == "wait").Detail);
    }
}
