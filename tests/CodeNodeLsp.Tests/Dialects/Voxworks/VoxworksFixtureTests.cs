// Fixture tests of the Voxworks rules and of the corpus of valid steps: the carets in each file are the expectations.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksFixtureTests
{
    public static IEnumerable<object[]> RuleFixtures() => VoxworksFixtures.Files("rules");
    public static IEnumerable<object[]> ValidSteps() => VoxworksFixtures.Files("valid");

    [Theory]
    [MemberData(nameof(RuleFixtures))]
    public void Rule_fixture_gives_exactly_the_annotated_diagnostics(string file)
    {
        var (fixture, analysis) = Run(file);
        Assert.Empty(fixture.Compare(analysis.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(ValidSteps))]
    public void Valid_step_has_no_errors_and_only_the_annotated_diagnostics(string file)
    {
        var (fixture, analysis) = Run(file);
        Assert.Empty(analysis.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Code} {d.Message}"));
        Assert.True(analysis.Validation.CanRun);
        Assert.Empty(fixture.Compare(analysis.Diagnostics));
    }

    [Fact]
    public void Every_voxworks_rule_is_expected_by_a_fixture_or_a_named_test()
    {
        // Rules whose input is impractical as a fixture file are covered by the named tests instead.
        var coveredElsewhere = new Dictionary<string, string>
        {
            ["VX017"] = nameof(VoxworksValidatorTests.Code_nested_deeper_than_the_validator_checks_is_refused),
        };
        var expected = RuleFixtures()
            .SelectMany(f => CaretFixture.Parse(File.ReadAllText(VoxworksFixtures.Folder((string)f[0]))).Expected)
            .Select(e => e.Code)
            .ToHashSet();
        var missing = VoxworksRules.All.Select(r => r.Code).Where(c => !expected.Contains(c) && !coveredElsewhere.ContainsKey(c));
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_code_a_fixture_expects_is_in_the_rule_catalog()
    {
        var codes = RuleFixtures().Concat(ValidSteps())
            .SelectMany(f => CaretFixture.Parse(File.ReadAllText(VoxworksFixtures.Folder((string)f[0]))).Expected)
            .Select(e => e.Code)
            .Distinct()
            .ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.NotNull(RuleCatalog.Find(c)));
    }

    private static (CaretFixture Fixture, VoxworksAnalysis Analysis) Run(string file)
    {
        string path = VoxworksFixtures.Folder(file);
        var fixture = CaretFixture.Parse(File.ReadAllText(path));
        var analysis = VoxworksFixtures.Analyze(fixture.Text, VoxworksFixtures.ContextFor(path, fixture.Text));
        return (fixture, analysis);
    }
}
