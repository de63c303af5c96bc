// SA042 refuses installer options written as dependencies (`--index-url=…`): Stack AI installs every entry as a package.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public class StackAiDependencyOptionTests
{
    [Theory]
    [InlineData("--index-url=https://pypi.example.com/simple", NodeLanguage.Python)]
    [InlineData("-r requirements.txt", NodeLanguage.Python)]
    [InlineData("--registry=http://127.0.0.1:4873/", NodeLanguage.TypeScript)]
    public void An_installer_option_gets_SA042_naming_where_the_index_belongs(string option, NodeLanguage language)
    {
        var code = language == NodeLanguage.Python ? "def main(args):\n    return {}\n" : "export function main(args: any) {\n  return {};\n}\n";
        var header = new Newtonsoft.Json.Linq.JObject { ["dependencies"] = new Newtonsoft.Json.Linq.JArray(option) }.ToString();
        var analysis = StackAiFixtures.Analyze(code, header, language);
        var d = Assert.Single(analysis.Diagnostics, d => d.Code == "SA042");
        Assert.Contains($"\"{option}\" is an installer option, not a package", d.Message);
        Assert.Contains(language == NodeLanguage.Python ? "pip.conf or PIP_INDEX_URL" : ".npmrc", d.Message);
    }

    [Fact]
    public void A_url_requirement_is_still_accepted()
    {
        var header = """{"dependencies": ["https://example.com/pkg-1.0-py3-none-any.whl"]}""";
        var analysis = StackAiFixtures.Analyze("def main(args):\n    return {}\n", header);
        Assert.DoesNotContain(analysis.Diagnostics, d => d.Code == "SA042");
    }
}
