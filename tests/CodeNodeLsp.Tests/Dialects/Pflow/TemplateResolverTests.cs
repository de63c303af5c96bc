// pflow template grammar and resolution (simple vs complex templates, JSON auto-parse), as the runner uses them.
using CodeNodeLsp.Dialects.Pflow;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class TemplateResolverTests
{
    private static readonly TemplateContext Context = new()
    {
        Inputs = new Dictionary<string, JToken?> { ["limit"] = 5, ["name"] = "Ada", ["flag"] = true, ["nothing"] = JValue.CreateNull() },
        Steps = new Dictionary<string, JToken?>
        {
            ["fetch"] = new JObject { ["response"] = new JObject { ["data"] = new JArray(1, 2, 3) }, ["status_code"] = 200 },
            ["list-files"] = new JObject { ["stdout"] = "{\"items\": [{\"name\": \"a.txt\"}]}\n" },
            ["count"] = new JObject { ["stdout"] = "42" },
        },
        Batch = new Dictionary<string, JToken?> { ["__index__"] = 1 },
    };

    [Theory]
    [InlineData("${a.items[0].name}", true)]
    [InlineData("${merge-sources.result}", true)]
    [InlineData("${results[${item.index}].response}", true)]
    [InlineData("${a[0][1]}", false)]
    [InlineData("${}", false)]
    [InlineData("${ x }", false)]
    [InlineData("${1abc}", false)]
    [InlineData("${a.}", false)]
    public void The_grammar_accepts_what_pflow_accepts(string text, bool valid)
    {
        var found = new List<TemplateRef>();
        var bad = new List<MalformedTemplate>();
        TemplateScanner.Scan(text, new CodeNodeLsp.Text.TextSpan(0, text.Length), found, bad);
        Assert.Equal(valid, found.Count == 1 && bad.Count == 0);
    }

    [Fact]
    public void An_escaped_template_is_marked_and_left_verbatim()
    {
        var t = Assert.Single(TemplateScanner.Scan("cost: $${x}"));
        Assert.True(t.IsEscaped);
        Assert.Equal("cost: $${x} Ada", (string)TemplateResolver.ResolveString("cost: $${x} ${name}", Context)!);
    }

    [Fact]
    public void A_simple_template_keeps_the_type()
    {
        Assert.Equal(JTokenType.Integer, TemplateResolver.ResolveString("${limit}", Context).Type);
        Assert.Equal(new JArray(1, 2, 3), TemplateResolver.ResolveString("${fetch.response.data}", Context), JToken.EqualityComparer);
    }

    [Fact]
    public void A_simple_template_auto_parses_a_json_container_but_not_a_primitive()
    {
        var parsed = TemplateResolver.ResolveString("${list-files.stdout}", Context);
        Assert.Equal(JTokenType.Object, parsed.Type);
        var primitive = TemplateResolver.ResolveString("${count.stdout}", Context);
        Assert.Equal(JTokenType.String, primitive.Type);
        Assert.Equal("42", (string)primitive!);
    }

    [Fact]
    public void Path_traversal_parses_json_strings_on_the_way()
    {
        Assert.Equal("a.txt", (string)TemplateResolver.ResolveString("${list-files.stdout.items[0].name}", Context)!);
    }

    [Fact]
    public void A_complex_template_is_text_with_pythons_spelling()
    {
        var r = TemplateResolver.ResolveString("n=${limit} f=${flag} x=${nothing} d=${fetch.response}", Context);
        Assert.Equal("n=5 f=True x= d={\"data\": [1, 2, 3]}", (string)r!);
    }

    [Fact]
    public void Unresolvable_templates_stay_and_are_reported()
    {
        var missing = new List<string>();
        var r = TemplateResolver.ResolveNested(new JObject { ["a"] = "${fetch.nope}", ["b"] = "x ${ghost} y" }, Context, missing);
        Assert.Equal("${fetch.nope}", (string)r["a"]!);
        Assert.Equal("x ${ghost} y", (string)r["b"]!);
        Assert.Equal(["${fetch.nope}", "${ghost}"], missing);
    }

    [Fact]
    public void A_nested_index_reads_the_index_from_another_template()
    {
        var ctx = new TemplateContext { Inputs = Context.Inputs, Steps = Context.Steps, Batch = new Dictionary<string, JToken?> { ["i"] = 2 } };
        Assert.Equal(3L, (long)TemplateResolver.ResolveString("${fetch.response.data[${i}]}", ctx)!);
    }
}
