// The security corpus: every snippet in tests/fixtures/voxworks/adversarial/corpus.py must be refused with an error.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksAdversarialTests
{
    private sealed record Snippet(string Name, IReadOnlyList<string> Codes, string Text);

    private static readonly Lazy<IReadOnlyList<Snippet>> Corpus = new(Load);

    public static IEnumerable<object[]> Names() => Corpus.Value.Select(s => new object[] { s.Name });

    [Fact]
    public void Corpus_holds_at_least_sixty_distinct_snippets()
    {
        Assert.True(Corpus.Value.Count >= 60, $"only {Corpus.Value.Count} snippets");
        Assert.Equal(Corpus.Value.Count, Corpus.Value.Select(s => s.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Snippet_is_refused_with_an_error(string name)
    {
        var snippet = Corpus.Value.Single(s => s.Name == name);
        var analysis = VoxworksFixtures.Analyze(snippet.Text, Context());
        var errors = analysis.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();

        // A warning is not a refusal: the runner only refuses on errors.
        Assert.False(analysis.Validation.CanRun, $"{name} would run; diagnostics: {Describe(analysis.Diagnostics)}");
        Assert.NotEmpty(errors);
        // Refused before anything runs: not only an error the platform would meet while run() executes.
        Assert.True(analysis.Validation.Refusal != null, $"{name} is refused only at run time: {Describe(analysis.Diagnostics)}");
        foreach (var code in snippet.Codes.Where(c => c != "ANY"))
            Assert.True(errors.Any(e => e.Code == code), $"{name}: expected an error {code}; got {Describe(analysis.Diagnostics)}");
    }

    private static NodeContext Context() =>
        VoxworksFixtures.Context(Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(VoxworksFixtures.Folder("adversarial", "context.json"))));

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("; ", diagnostics.Select(d => $"{d.Code} {d.Severity} {d.Message}"));

    /// <summary>Splits the corpus at its "# === name [CODES]" lines.</summary>
    private static IReadOnlyList<Snippet> Load()
    {
        var snippets = new List<Snippet>();
        string? name = null;
        string[] codes = [];
        var body = new System.Text.StringBuilder();
        foreach (var line in File.ReadAllLines(VoxworksFixtures.Folder("adversarial", "corpus.py")))
        {
            if (line.StartsWith("# === ", StringComparison.Ordinal))
            {
                if (name != null) snippets.Add(new Snippet(name, codes, body.ToString()));
                var header = line["# === ".Length..];
                int bracket = header.IndexOf('[');
                if (bracket < 0 || !header.EndsWith(']')) throw new FormatException($"bad corpus header: {line}");
                name = header[..bracket].Trim();
                codes = header[(bracket + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                body.Clear();
            }
            else if (name != null)
            {
                body.Append(line).Append('\n');
            }
        }
        if (name != null) snippets.Add(new Snippet(name, codes, body.ToString()));
        return snippets;
    }
}
