// Quick fixes of Voxworks diagnostics: each one applied to a small step gives exactly the expected text.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksFixTests
{
    [Theory]
    [InlineData("VX001", "x = 1\nprint(x)\n", "def run():\n    x = 1\n    print(x)\n    return False\n")]
    [InlineData("VX001", "", "def run():\n    return False\n")]
    [InlineData("VX002", "LIMIT = 3\n\ndef run():\n    return LIMIT > 2\n", "\ndef run():\n    LIMIT = 3\n    return LIMIT > 2\n")]
    [InlineData("VX003", "  def run():\n      return True\n", "def run():\n    return True\n")]
    [InlineData("VX004", "def run(a, b=1):\n    return True\n", "def run():\n    return True\n")]
    [InlineData("VX016", "def run():\n    print(1)\n", "def run():\n    print(1)\n    return False\n")]
    [InlineData("VX016", "def run():\n    if True:\n        return\n    return True\n", "def run():\n    if True:\n        return False\n    return True\n")]
    [InlineData("VX006", "def run():\n    return json.loads(input_1) is None\n", "def run():\n    return json_loads(input_1) is None\n")]
    [InlineData("VX006", "def run():\n    return isinstance({{contact.email}}, str)\n", "def run():\n    return is_string({{contact.email}})\n")]
    [InlineData("VX006", "def run():\n    print(format(1))\n    return True\n", "def run():\n    print(str(1))\n    return True\n")]
    [InlineData("VX020", "def run():\n    return {{contact.emial}} is None\n", "def run():\n    return {{contact.email}} is None\n")]
    [InlineData("VX023", "def run():\n    print(\"{{contact.email}}\")\n    return True\n", "def run():\n    print({{contact.email}})\n    return True\n")]
    public void Applying_the_first_fix_gives_the_expected_step(string code, string before, string after)
    {
        var analysis = VoxworksFixtures.Analyze(before, VoxworksFixtures.Context(
            Newtonsoft.Json.Linq.JObject.Parse("""{"variables": {"contact.email": "a@b.co"}, "inputs": {"input_1": "{}"}}""")));
        var diagnostic = Assert.Single(analysis.Diagnostics, d => d.Code == code && d.FixList.Count > 0);
        var fixedText = SourceText.From(before).WithEdits(diagnostic.FixList[0].Edits).Text;
        Assert.Equal(after, fixedText);

        // The fixed step no longer has the diagnostic the fix was for.
        var again = VoxworksFixtures.Analyze(fixedText, analysis.Request.Context);
        Assert.DoesNotContain(again.Diagnostics, d => d.Code == code);
    }

    [Fact]
    public void A_def_run_inside_a_block_gets_no_dedent_fix_because_it_would_empty_the_block()
    {
        var analysis = VoxworksFixtures.Analyze("if True:\n    def run():\n        return True\n", VoxworksFixtures.Context(null));
        var vx003 = Assert.Single(analysis.Diagnostics, d => d.Code == "VX003");
        Assert.Empty(vx003.FixList);
    }
}
