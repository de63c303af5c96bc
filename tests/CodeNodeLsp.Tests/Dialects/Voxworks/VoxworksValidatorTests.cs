// The validator as the runner uses it: the run gate, the construct table's completeness, deep input, no crashes.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Syntax.Python;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksValidatorTests
{
    private static readonly NodeContext Context = VoxworksFixtures.Context(null);

    [Fact]
    public void A_valid_step_can_run()
    {
        var v = VoxworksValidator.Validate("def run():\n    return True\n", Context);
        Assert.Empty(v.Diagnostics);
        Assert.True(v.CanRun);
        Assert.NotNull(v.Run);
    }

    [Fact]
    public void Warnings_do_not_stop_a_run_but_errors_do()
    {
        var warned = VoxworksValidator.Validate("def run():\n    x = [True][0]\n    return x\n", Context);
        Assert.Contains(warned.Diagnostics, d => d.Code == VoxworksRules.Undocumented.Code);
        Assert.True(warned.CanRun);

        var refused = VoxworksValidator.Validate("def run():\n    return getattr(1, 'real') is None\n", Context);
        Assert.Contains(refused.Diagnostics, d => d.Code == VoxworksRules.FunctionNotAllowed.Code);
        Assert.False(refused.CanRun);
    }

    [Fact]
    public void Syntax_errors_are_reported_as_CN001_and_refuse_the_run()
    {
        var v = VoxworksValidator.Validate("def run(:\n    return True\n", Context);
        Assert.Contains(v.Diagnostics, d => d.Code == CommonRules.SyntaxError.Code && d.Severity == Severity.Error);
        Assert.False(v.CanRun);
    }

    [Fact]
    public void Every_syntax_node_type_has_a_verdict_in_the_construct_table()
    {
        var nodeTypes = typeof(Node).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Node)) && !t.IsAbstract)
            .ToList();
        Assert.NotEmpty(nodeTypes);
        Assert.Empty(nodeTypes.Where(t => !VoxworksAllowList.Constructs.ContainsKey(t)).Select(t => t.Name));
    }

    [Fact]
    public void The_allow_list_matches_the_platform_docs()
    {
        // PLATFORMS.md C.3, spelled out once more here so a change to the table is a deliberate one.
        string[] builtins = ["abs", "all", "any", "bool", "dict", "enumerate", "float", "int", "len", "list", "max", "min",
            "print", "range", "round", "set", "sorted", "str", "sum", "tuple"];
        string[] methods = ["append", "endswith", "get", "join", "lower", "lstrip", "replace", "rstrip", "split", "startswith", "strip", "upper"];
        Assert.Equal(builtins.Order(), VoxworksAllowList.FunctionList.Where(f => f.Kind == CallableKind.Builtin).Select(f => f.Name).Order());
        Assert.Equal(methods.Order(), VoxworksAllowList.MethodList.Select(m => m.Name).Order());
        Assert.All(VoxworksAllowList.FunctionList.Concat(VoxworksAllowList.MethodList), c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Signature));
            Assert.False(string.IsNullOrWhiteSpace(c.Doc));
            Assert.False(c.Name.StartsWith('_'));
        });
    }

    [Fact]
    public void Code_nested_deeper_than_the_validator_checks_is_refused()
    {
        string deep = "def run():\n    x = " + string.Join(" + ", Enumerable.Repeat("1", 3000)) + "\n    return x > 0\n";
        var v = VoxworksValidator.Validate(deep, Context);
        Assert.Contains(v.Diagnostics, d => d.Code == VoxworksRules.TooDeep.Code && d.Severity == Severity.Error);
        Assert.False(v.CanRun);
    }

    [Fact]
    public void A_long_but_shallow_sum_is_not_refused()
    {
        string wide = "def run():\n    x = " + string.Join(" + ", Enumerable.Repeat("1", 500)) + "\n    return x > 0\n";
        var v = VoxworksValidator.Validate(wide, Context);
        Assert.Empty(v.Diagnostics);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0")]
    [InlineData("def run():\n    return {{\n")]
    [InlineData("def run():\n    return {{}}\n")]
    [InlineData("def run():\n    return {{contact.\n")]
    [InlineData("}}{{")]
    [InlineData("def run():\n\treturn True\n  return False\n")]
    [InlineData("@\ndef")]
    public void Bad_input_gives_diagnostics_not_exceptions(string text)
    {
        var v = VoxworksValidator.Validate(text, Context);
        Assert.False(v.CanRun);
        Assert.All(v.Diagnostics, d => Assert.InRange(d.Span.End, 0, text.Length));
    }

    [Fact]
    public void The_validator_is_pure_the_same_text_gives_the_same_diagnostics()
    {
        const string text = "def run():\n    x = type(1)\n    return {{contact.emial}}\n";
        var a = VoxworksValidator.Validate(text, Context).Diagnostics.Select(d => (d.Span, d.Code, d.Message));
        var b = VoxworksValidator.Validate(text, Context).Diagnostics.Select(d => (d.Span, d.Code, d.Message));
        Assert.Equal(a, b);
        Assert.NotEmpty(a);
    }
}
