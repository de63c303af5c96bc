// The pflow version switch: the setting and its old alias, a codenode.json's "pflow" field, and the CLI flag.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowVersionSettingTests
{
    private const string Routed = "# R\n\nRoutes.\n\n## Steps\n\n### a\n\nFirst.\n\n- type: shell\n- command: echo a\n- next: end\n";

    [Theory]
    [InlineData("{}", PflowVersion.Current)]
    [InlineData("{\"pflow\": {\"version\": \"0.8\"}}", PflowVersion.V0_8)]
    [InlineData("{\"pflow.version\": \"0.8\"}", PflowVersion.V0_8)]
    [InlineData("{\"pflow\": {\"version\": \"current\", \"laterBehaviours\": false}}", PflowVersion.Current)]
    [InlineData("{\"pflow\": {\"laterBehaviours\": false}}", PflowVersion.V0_8)]
    [InlineData("{\"pflow\": {\"laterBehaviours\": true}}", PflowVersion.Current)]
    [InlineData("{\"pflow\": {\"version\": \"0.9\"}}", PflowVersion.Current)]
    public void The_setting_defaults_to_current_and_the_old_flag_is_an_alias(string json, PflowVersion expected)
    {
        var settings = Settings.From(JObject.Parse(json));
        Assert.Equal(expected, settings.PflowVersion);
        Assert.Equal(expected, settings.Analysis.PflowVersion);
    }

    [Fact]
    public void A_manifest_sets_the_version_and_reports_a_bad_one()
    {
        var good = ManifestReader.Read("/w/codenode.json", "{\"pflow\": {\"version\": \"0.8\"}}", _ => true);
        Assert.Equal(PflowVersion.V0_8, good.PflowVersion);
        Assert.Empty(good.Diagnostics);
        var bad = ManifestReader.Read("/w/codenode.json", "{\"nodes\": {}, \"pflow\": {\"version\": \"9\"}}", _ => true);
        Assert.Null(bad.PflowVersion);
        Assert.Contains(bad.Diagnostics, d => d.Message.Contains("\"pflow.version\" must be \"current\" or \"0.8\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_follows_the_flag_and_a_manifest_beside_the_workflow()
    {
        using var dir = new TempDir();
        string file = dir.File("flow.pflow.md", Routed);
        Assert.Equal(0, Check(file, null).Code);
        var (code, output) = Check(file, "0.8");
        Assert.Equal(0, code); // PF110 is a warning
        Assert.Contains("PF110", output);
        Assert.Contains("unknown parameter 'next'", output);

        using var other = new TempDir();
        string pinned = other.File("flow.pflow.md", Routed);
        other.File("codenode.json", "{\"pflow\": {\"version\": \"0.8\"}}");
        Assert.Contains("unknown parameter 'next'", Check(pinned, null).Out);
    }

    private static (int Code, string Out) Check(string file, string? version)
    {
        var stdout = new StringWriter();
        int code = CheckCommand.Run([file], "text", stdout, new StringWriter(), pflowVersion: version);
        return (code, stdout.ToString());
    }
}
