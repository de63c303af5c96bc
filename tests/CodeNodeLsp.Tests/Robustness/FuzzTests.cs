// Time-boxed fuzzing of every input reader: no exception escapes, spans stay inside the text, no case hangs; failures print their seed.
using System.Diagnostics;
using Xunit.Abstractions;

namespace CodeNodeLsp.Tests.Robustness;

public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>A case slower than this is reported as a hang (fuzz inputs are at most a few hundred KB).</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var t in FuzzTargets.All) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_KeepsItsInvariants_OnRandomAndMutatedInput(string name)
    {
        var target = FuzzTargets.Get(name);
        var corpus = FuzzCorpus.Texts;
        int baseSeed = FuzzBudget.BaseSeed;
        var budget = FuzzBudget.Total / FuzzTargets.All.Count;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int cases = 0;
        foreach (int index in CaseIndexes())
        {
            if (FuzzBudget.OnlyCase is null && clock.Elapsed > budget) break;
            int seed = FuzzBudget.CaseSeed(baseSeed, name, index);
            string input = FuzzInputs.Make(new Random(seed), corpus);
            cases++;
            if (RunCase(target, input) is { } problem)
            {
                // UTF-16 keeps lone surrogates exactly as generated, which UTF-8 cannot.
                string saved = Path.Combine(Path.GetTempPath(), $"codenode-fuzz-{name}-{baseSeed}-{index}.utf16.txt");
                File.WriteAllText(saved, input, new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));
                failures.Add($"{name} case {index} (seed {seed}, {input.Length} chars, input saved to {saved}): {problem}\n" +
                             $"  replay: CODENODE_FUZZ_SEED={baseSeed} CODENODE_FUZZ_CASE={index} dotnet test --filter \"FullyQualifiedName~FuzzTests\"");
                if (failures.Count >= 5) break;
            }
        }
        output.WriteLine($"{name}: {cases} cases in {clock.Elapsed.TotalSeconds:F1} s (base seed {baseSeed}, {corpus.Count} corpus files)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // A budget that let no case run would pass without testing anything.
        Assert.True(cases > 0, "no fuzz case ran");
    }

    /// <summary>Inputs the fuzzer once found (minimised, in tests/fixtures/fuzz/): every target must pass them.</summary>
    [Fact]
    public void FoundInputs_KeepEveryTargetsInvariants()
    {
        var dir = Path.Combine(RepoRoot.Path, "tests", "fixtures", "fuzz");
        var files = Directory.GetFiles(dir).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            string input = File.ReadAllText(file);
            foreach (var target in FuzzTargets.All)
                if (RunCase(target, input) is { } problem) failures.Add($"{Path.GetFileName(file)} through {target.Name}: {problem}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<int> CaseIndexes()
    {
        if (FuzzBudget.OnlyCase is { } only) { yield return only; yield break; }
        for (int i = 0; ; i++) yield return i;
    }

    /// <summary>Runs one case on its own thread (default stack size, like the server's workers) with a timeout.</summary>
    public static string? RunCase(FuzzTarget target, string input, TimeSpan? timeout = null)
    {
        string? problem = null;
        var thread = new Thread(() =>
        {
            try
            {
                var broken = target.Check(input).Take(3).ToList();
                if (broken.Count > 0) problem = string.Join("; ", broken);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}";
            }
        }) { IsBackground = true, Name = "fuzz " + target.Name };
        thread.Start();
        var limit = timeout ?? CaseTimeout;
        // A hung case leaves its background thread spinning; the test fails and the process ends with the run.
        return thread.Join(limit) ? problem : $"did not finish within {limit.TotalSeconds:F0} s";
    }
}

/// <summary>Every fixture and example in the repository: the seeds that mutations start from.</summary>
public static class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<string>> Lazy = new(Load);

    public static IReadOnlyList<string> Texts => Lazy.Value;

    private static IReadOnlyList<string> Load()
    {
        var root = RepoRoot.Path;
        var texts = new List<string>();
        foreach (var dir in new[] { "tests/fixtures", "examples" })
        {
            var full = Path.Combine(root, dir);
            if (!Directory.Exists(full)) continue;
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                if (info.Length <= 256 * 1024) texts.Add(File.ReadAllText(file));
            }
        }
        return texts;
    }
}

/// <summary>The repository root: the folder holding CodeNodeLsp.sln above the test binaries.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CodeNodeLsp.sln"))) return dir.FullName;
        throw new InvalidOperationException("CodeNodeLsp.sln not found above " + AppContext.BaseDirectory);
    }
}
