// PyYAML safe_load typing of plain scalars (YAML 1.1), spans of loaded values, and the workflow reader's params.
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PyYamlTests
{
    [Theory]
    [InlineData("yes", "bool", "True")]
    [InlineData("Off", "bool", "False")]
    [InlineData("true", "bool", "True")]
    [InlineData("~", "NoneType", "")]
    [InlineData("null", "NoneType", "")]
    [InlineData("10", "int", "10")]
    [InlineData("0x1F", "int", "31")]
    [InlineData("017", "int", "15")]
    [InlineData("0b101", "int", "5")]
    [InlineData("1_000", "int", "1000")]
    [InlineData("1:30", "int", "90")]
    [InlineData("1.5", "float", "1.5")]
    [InlineData("1e5", "str", "1e5")]
    [InlineData("1.0e+5", "float", "100000.0")]
    [InlineData(".inf", "float", "inf")]
    [InlineData("2024-01-31", "date", "2024-01-31")]
    [InlineData("y", "str", "y")]
    [InlineData("${fetch.response}", "str", "${fetch.response}")]
    public void Plain_scalars_are_typed_as_PyYAML_types_them(string yaml, string pythonType, string text)
    {
        var value = PyYaml.LoadAt("v: " + yaml, new TextSpan(0, 3 + yaml.Length), out var error);
        Assert.Null(error);
        var v = ((JObject)value!)["v"];
        Assert.Equal(pythonType, PflowTypes.PythonTypeOf(v));
        Assert.Equal(text, TemplateResolver.ToText(v));
    }

    [Fact]
    public void Quoted_scalars_stay_strings()
    {
        string yaml = "a: '10'\nb: \"yes\"";
        var value = (JObject)PyYaml.LoadAt(yaml, new TextSpan(0, yaml.Length), out _)!;
        Assert.Equal(JTokenType.String, value["a"]!.Type);
        Assert.Equal(JTokenType.String, value["b"]!.Type);
    }

    [Fact]
    public void Values_carry_their_spans_in_the_document()
    {
        string doc = "prefix\nkey:\n  - 1\n  - ${x}\n";
        var value = (JObject)PyYaml.LoadAt(doc, TextSpan.FromBounds(7, doc.Length), out _)!;
        var item = ((JArray)value["key"]!)[1];
        var span = PyYaml.SpanOf(item)!.Span;
        Assert.Equal("${x}", doc.Substring(span.Start, span.Length));
        Assert.Equal("key", doc.Substring(PyYaml.SpanOf(value["key"])!.KeySpan!.Value.Start, 3));
    }

    [Fact]
    public void Broken_yaml_is_an_error_not_an_exception()
    {
        var value = PyYaml.LoadAt("a: {b: [c", new TextSpan(0, 9), out var error);
        Assert.Null(value);
        Assert.NotNull(error);
        Assert.Contains("flow", error!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_reader_joins_bullets_with_continuation_lines_into_params()
    {
        string md = "# T\n\n## Steps\n\n### s\n\nDoes things.\n\n- type: code\n- timeout: 10\n- inputs:\n    users: ${fetch.response.data}\n    limit: 5\n\n```python code\nresult: int = 1\n```\n";
        var wf = WorkflowReader.Read(SourceText.From(md));
        Assert.Empty(wf.Diagnostics);
        var step = Assert.Single(wf.Steps);
        Assert.Equal("code", step.Type);
        Assert.Equal(10L, (long)step.Params["timeout"]!);
        var inputs = (JObject)step.Params["inputs"]!;
        Assert.Equal(5L, (long)inputs["limit"]!);
        var usersSpan = PyYaml.SpanOf(inputs["users"])!.Span;
        Assert.Equal("${fetch.response.data}", md.Substring(usersSpan.Start, usersSpan.Length));
        Assert.Equal("result: int = 1", md.Substring(step.CodeBlock!.ContentSpan.Start, step.CodeBlock.ContentSpan.Length));
        Assert.Equal(15, step.CodeBlock.FenceLine);
    }
}
