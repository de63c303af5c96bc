// Deterministic mutation fuzzing: any text, however broken, parses without throwing or hanging, into a sound tree.
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class RobustnessTests
{
    private const string Tricky = "([{}])'\"\\\n\r\t #:=.,*@$fbr{}0_\u00e9\u20ac\uD83D\uDE00\0";

    /// <summary>Inputs: every fixture and corpus snippet, each mutated many times by deleting, inserting and duplicating text.</summary>
    private static IEnumerable<string> Mutants()
    {
        var seeds = new List<string>(InvalidCorpusTests.Snippets());
        foreach (var folder in new[] { "ok", "err" })
            foreach (var f in Directory.GetFiles(RepoPaths.Fixtures("syntax", folder), "*.py").OrderBy(f => f, StringComparer.Ordinal))
                seeds.Add(File.ReadAllText(f));
        var rng = new Random(20240601);
        foreach (var seed in seeds)
        {
            for (int m = 0; m < 8; m++)
            {
                var chars = new System.Text.StringBuilder(seed);
                int edits = rng.Next(1, 4);
                for (int e = 0; e < edits && chars.Length > 0; e++)
                {
                    int at = rng.Next(chars.Length);
                    switch (rng.Next(3))
                    {
                        case 0: chars.Remove(at, Math.Min(chars.Length - at, rng.Next(1, 6))); break;
                        case 1: chars.Insert(at, Tricky[rng.Next(Tricky.Length)]); break;
                        default:
                            int len = Math.Min(chars.Length - at, rng.Next(1, 20));
                            chars.Insert(at, chars.ToString(at, len));
                            break;
                    }
                }
                yield return chars.ToString();
            }
        }
    }

    [Fact]
    public void Mutated_inputs_parse_to_sound_trees_without_throwing_or_hanging()
    {
        var failures = new List<string>();
        int count = 0;
        var worker = new Thread(() =>
        {
            foreach (var text in Mutants())
            {
                count++;
                foreach (var options in new[] { ParseOptions.Default, new ParseOptions(PlaceholderSyntax.Pflow), new ParseOptions(PlaceholderSyntax.Voxworks) })
                {
                    try
                    {
                        var r = PythonParser.Parse(text, options);
                        if (TreeInvariants.Violation(r) is { } v) failures.Add($"{Newtonsoft.Json.JsonConvert.SerializeObject(text)}: {v}");
                        Binder.Bind(r.Module);
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{Newtonsoft.Json.JsonConvert.SerializeObject(text)}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }, 16 * 1024 * 1024);
        worker.Start();
        Assert.True(worker.Join(TimeSpan.FromMinutes(3)), $"parsing hung after {count} inputs");
        Assert.True(count > 3000, $"only {count} inputs");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(15)));
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var rng = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            var chars = new char[rng.Next(0, 400)];
            for (int k = 0; k < chars.Length; k++) chars[k] = rng.Next(4) == 0 ? (char)rng.Next(0, 0xFFFF) : Tricky[rng.Next(Tricky.Length)];
            var r = PythonParser.Parse(new string(chars));
            Assert.Null(TreeInvariants.Violation(r));
        }
    }
}
