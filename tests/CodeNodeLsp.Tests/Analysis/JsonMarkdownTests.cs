// Tests of the shared sample block for hovers: indented JSON in a fence, cut with a marker past the limit.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Analysis;

public class JsonMarkdownTests
{
    [Fact]
    public void Block_FencesTheIndentedValue() =>
        Assert.Equal("```json\n{\n  \"a\": [\n    1\n  ]\n}\n```", JsonMarkdown.Block(JObject.Parse("""{"a": [1]}"""), 100));

    [Fact]
    public void Block_CutsALongValueAndSaysSo()
    {
        var value = new JValue(new string('x', 50));
        string block = JsonMarkdown.Block(value, 10);
        Assert.Equal("```json\n\"xxxxxxxxx\n…\n```", block);
    }
}
