// Code-step checks that need context beyond one fixture: samples, quick fixes, the later-pflow setting.
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowCodeStepTests
{
    private static string Flow(string inputs, string code) => $"""
        # T

        Test.

        ## Inputs

        ### api_url

        Endpoint.

        - type: string

        ## Steps

        ### fetch

        Fetch.

        - type: http
        - url: ${"${api_url}"}

        ### run

        Run code.

        - type: code
        {inputs}

        ```python code
        {code}
        ```
        """;

    private static string Apply(string text, CodeNodeLsp.Analysis.Fix fix) => SourceText.From(text).WithEdits(fix.Edits).Text;

    [Fact]
    public void A_sample_that_is_a_json_object_string_arrives_as_dict_and_fails_a_str_annotation()
    {
        var samples = JObject.Parse("""{"workflows": {"flow.pflow.md": {"steps": {"fetch": {"response": "{\"a\": 1}"}}}}}""");
        string text = Flow("- inputs:\n    body: ${fetch.response}", "body: str\nresult: str = body");
        var d = PflowTestSupport.Analyze(text, "/ws/flow.pflow.md", samples).Diagnostics.Single(x => x.Code == "PF206");
        Assert.StartsWith("Input 'body' expects str but received dict\n\nSuggestions:\n  - Change the type annotation to: body: dict\n  - Or convert the input value to str", d.Message);
        Assert.Contains("body: dict", Apply(text, d.FixList.Single()));
    }

    [Fact]
    public void A_complex_template_is_always_a_string()
    {
        string text = Flow("- inputs:\n    n: count ${api_url}", "n: int\nresult: int = n");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF206");
        Assert.StartsWith("Input 'n' expects int but received str", d.Message);
    }

    [Fact]
    public void Int_is_accepted_for_float_and_bool_for_int_as_pflow_does()
    {
        string text = Flow("- inputs:\n    x: 4\n    flag: true", "x: float\nflag: int\nresult: float = x + flag");
        Assert.DoesNotContain(PflowTestSupport.Analyze(text).Diagnostics, d => d.Code == "PF206");
    }

    [Fact]
    public void Missing_annotation_fix_adds_the_inferred_type()
    {
        string text = Flow("- inputs:\n    limit: 5", "result: int = limit");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF202");
        Assert.Contains("```python code\nlimit: int\nresult: int = limit", Apply(text, d.FixList.Single()));
    }

    [Fact]
    public void Missing_result_annotation_fix_annotates_the_assignment()
    {
        string text = Flow("", "result = [1, 2]");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF203");
        Assert.Contains("result: list = [1, 2]", Apply(text, d.FixList.Single()));
    }

    [Fact]
    public void Undefined_name_fix_adds_an_inputs_entry_and_its_annotation()
    {
        string text = Flow("- inputs:\n    a: 1", "a: int\nresult: int = a + api_url");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF208");
        Assert.StartsWith("Undefined variable 'api_url'\n\nSuggestions:\n  - Add 'api_url' to the inputs dict: \"inputs\": {\"api_url\": ...}", d.Message);
        string fixedText = Apply(text, d.FixList.Single());
        Assert.Contains("    a: 1\n    api_url: ${api_url}", fixedText);
        Assert.DoesNotContain(PflowTestSupport.Analyze(fixedText).Diagnostics, x => x.Severity == CodeNodeLsp.Analysis.Severity.Error);
    }

    [Fact]
    public void Orphan_annotation_that_is_never_read_can_be_removed()
    {
        string text = Flow("", "extra: str\nresult: int = 1");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF205");
        Assert.DoesNotContain("extra: str", Apply(text, d.FixList.Single()));
    }

    [Fact]
    public void Later_behaviours_accept_optional_and_any_only_when_switched_on()
    {
        string text = Flow("- inputs:\n    x: null\n    y: 3", "x: Optional[str]\ny: Any\nresult: int = 1");
        var docDiags = PflowTestSupport.Analyze(text).Diagnostics.Select(d => d.Code).ToList();
        var laterDiags = PflowTestSupport.Analyze(text, later: true).Diagnostics.Select(d => d.Code).ToList();
        Assert.Contains("PF208", docDiags); // Optional and Any are not defined in the documented version
        Assert.DoesNotContain("PF208", laterDiags);
        Assert.DoesNotContain("PF206", laterDiags);
    }

    [Fact]
    public void None_fails_every_known_type_in_the_documented_version()
    {
        string text = Flow("- inputs:\n    data: null", "data: dict\nresult: int = 1");
        var d = PflowTestSupport.Analyze(text).Diagnostics.Single(x => x.Code == "PF206");
        Assert.StartsWith("Input 'data' expects dict but received NoneType", d.Message);
    }
}
