// The Voxworks red-team suite: every attack refused by check and by run with its canary file never created; every valid step clean and running.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Cli;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Run;
using CodeNodeLsp.Tests.Dialects.Voxworks;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

/// <summary>
/// tests/fixtures/voxworks/redteam/attacks.py holds attacks on every construct that binds or reaches a name; each also
/// runs in two other places (inside an if, inside a try whose bare except swallows errors), so the checks hold in
/// nested blocks too. An attack that got out would create the file named by its CANARY: the test gives each a fresh
/// path and checks the file never appears, after `check` (the CLI), after a run (validator, then harness), and, for the
/// plain attacks, after the harness ran the rendered code with no validator in front (the second wall on its own).
/// valid.py holds steps using the same constructs as allowed: no error in check, and each run returns its booleans.
/// </summary>
public sealed class VoxworksRedTeamTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private sealed record Entry(string Name, IReadOnlyList<string> Codes, string Text);

    private static readonly Lazy<IReadOnlyList<Entry>> BaseAttacks = new(() => Load("attacks.py", withCodes: true));
    private static readonly Lazy<IReadOnlyList<Entry>> AllAttacks = new(() => [.. BaseAttacks.Value, .. BaseAttacks.Value.SelectMany(Variants)]);
    private static readonly Lazy<IReadOnlyList<Entry>> ValidSteps = new(() => Load("valid.py", withCodes: false));

    public static IEnumerable<object[]> Attacks() => AllAttacks.Value.Select(a => new object[] { a.Name });
    public static IEnumerable<object[]> Plain() => BaseAttacks.Value.Select(a => new object[] { a.Name });
    public static IEnumerable<object[]> Valid() => ValidSteps.Value.Select(v => new object[] { v.Name });

    [Fact]
    public void The_suite_has_at_least_200_attacks_and_30_valid_steps()
    {
        Assert.True(AllAttacks.Value.Count >= 200, $"{AllAttacks.Value.Count} attacks");
        Assert.True(ValidSteps.Value.Count >= 30, $"{ValidSteps.Value.Count} valid steps");
        Assert.Equal(AllAttacks.Value.Count, AllAttacks.Value.Select(a => a.Name).Distinct().Count());
        Assert.All(BaseAttacks.Value, a => Assert.Contains("CANARY", a.Text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_is_refused_by_check_and_run_and_its_canary_never_appears(string name)
    {
        var attack = AllAttacks.Value.Single(a => a.Name == name);
        var (text, canary) = Arm(attack.Text);

        // The validator (what the editor shows): an error that refuses the step before it runs, with the construct's code.
        var analysis = VoxworksFixtures.Analyze(text, Context());
        var errors = analysis.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(analysis.Validation.Refusal != null, $"{name} is not refused: {Describe(analysis.Diagnostics)}");
        foreach (var code in attack.Codes.Where(c => c != "ANY"))
            Assert.True(errors.Any(e => e.Code == code), $"{name}: expected {code}; got {Describe(analysis.Diagnostics)}");

        // `codenode check` on the file: exit 1.
        var ws = fx.NewWorkspace();
        var file = Path.Combine(ws, "attack.py");
        File.WriteAllText(file, "# codenode: voxworks\n" + text);
        Assert.Equal(1, CheckCommand.Run([file], "text", new StringWriter(), new StringWriter()));

        // `codenode run`'s path: the run fails and routes to the fallback.
        var result = (await fx.Runner.RunAsync(fx.Target("step.py", text, Context()))).Result;
        Assert.False(result.Ok, $"{name} ran: {result.ToJson()}");
        Assert.Null(result.Outputs);
        Assert.False(File.Exists(canary), $"{name} created its canary");
    }

    [Theory]
    [MemberData(nameof(Plain))]
    public async Task Attack_is_refused_by_the_harness_alone_and_its_canary_never_appears(string name)
    {
        var attack = BaseAttacks.Value.Single(a => a.Name == name);
        var (text, canary) = Arm(attack.Text);
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text)).Code;
        var job = new JObject
        {
            ["kind"] = "voxworks", ["code"] = rendered, ["variables"] = JObject.Parse("{\"contact.email\": \"a@b.c\", \"custom.data\": {\"k\": \"v\"}, \"custom.counter\": 3}"),
            ["variablesName"] = VoxworksRenderer.VariablesName,
            ["allow"] = JObject.FromObject(VoxworksAllowList.HarnessTable()),
        };
        var outcome = await fx.Runner.RunPythonJobAsync(job, fx.NewWorkspace(), 30, CancellationToken.None);
        var reply = outcome.Outcome?.Reply;
        Assert.NotNull(reply);
        Assert.False((bool?)reply["ok"] ?? false, $"{name} ran in the harness: {reply}");
        Assert.False(File.Exists(canary), $"{name} created its canary");
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Valid_step_passes_check_and_runs(string name)
    {
        var step = ValidSteps.Value.Single(v => v.Name == name);
        var analysis = VoxworksFixtures.Analyze(step.Text, Context());
        Assert.True(analysis.Validation.CanRun, $"{name}: {Describe(analysis.Diagnostics.Where(d => d.Severity == Severity.Error))}");

        var ws = fx.NewWorkspace();
        var file = Path.Combine(ws, "step.py");
        File.WriteAllText(file, "# codenode: voxworks\n" + step.Text);
        var stdout = new StringWriter();
        Assert.True(CheckCommand.Run([file], "text", stdout, new StringWriter()) == 0, stdout.ToString());

        var result = (await fx.Runner.RunAsync(fx.Target("step.py", step.Text, Context()))).Result;
        Assert.True(result.Ok, $"{name}: {result.Error}");
        Assert.NotNull(result.Outputs);
        // Every valid step is written so that it returns True (or a list whose first element is True) on the context.
        Assert.True(result.Outputs[0], $"{name} returned {string.Join(", ", result.Outputs)}");
    }

    /// <summary>Puts a fresh canary path (in a folder that exists, so a write would succeed) where the attack says CANARY.</summary>
    private (string Text, string Canary) Arm(string text)
    {
        string canary = Path.Combine(fx.NewWorkspace(), "canary-" + Guid.NewGuid().ToString("N")[..8]);
        return (text.Replace("CANARY", canary, StringComparison.Ordinal), canary);
    }

    private static NodeContext Context() =>
        VoxworksFixtures.Context(JObject.Parse(File.ReadAllText(VoxworksFixtures.Folder("redteam", "context.json"))));

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("; ", diagnostics.Select(d => $"{d.Code} {d.Severity} {d.Message}"));

    /// <summary>The attack's run() body moved into an if block and into a try block whose bare except swallows errors.</summary>
    private static IEnumerable<Entry> Variants(Entry attack)
    {
        var lines = attack.Text.Split('\n');
        int def = Array.FindIndex(lines, l => l.StartsWith("def run", StringComparison.Ordinal) || l.StartsWith("async def run", StringComparison.Ordinal));
        if (def < 0 || def + 1 >= lines.Length || !lines[def + 1].StartsWith("    ", StringComparison.Ordinal)) yield break;
        int end = def + 1;
        while (end < lines.Length && (lines[end].StartsWith("    ", StringComparison.Ordinal) || lines[end].Length == 0)) end++;
        var body = lines[(def + 1)..end].Select(l => l.Length == 0 ? l : "    " + l).ToList();
        string Join(IEnumerable<string> head, IEnumerable<string> tail) =>
            string.Join('\n', lines[..(def + 1)].Concat(head).Concat(body).Concat(tail).Concat(lines[end..]));
        yield return attack with { Name = attack.Name + " (in if)", Text = Join(["    if {{contact.email}}:"], ["    return False"]) };
        yield return attack with { Name = attack.Name + " (in try)", Text = Join(["    try:"], ["    except:", "        pass", "    return False"]) };
    }

    /// <summary>Splits a corpus file at its "# === name [CODES]" lines.</summary>
    private static IReadOnlyList<Entry> Load(string file, bool withCodes)
    {
        var entries = new List<Entry>();
        string? name = null;
        string[] codes = [];
        var body = new System.Text.StringBuilder();
        foreach (var line in File.ReadAllLines(VoxworksFixtures.Folder("redteam", file)))
        {
            if (line.StartsWith("# === ", StringComparison.Ordinal))
            {
                if (name != null) entries.Add(new Entry(name, codes, body.ToString()));
                var header = line["# === ".Length..].Trim();
                int bracket = header.IndexOf('[');
                if (withCodes && (bracket < 0 || !header.EndsWith(']'))) throw new FormatException($"bad header: {line}");
                name = bracket < 0 ? header : header[..bracket].Trim();
                codes = bracket < 0 ? [] : header[(bracket + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                body.Clear();
            }
            else if (name != null)
            {
                body.Append(line).Append('\n');
            }
        }
        if (name != null) entries.Add(new Entry(name, codes, body.ToString()));
        return entries;
    }
}
