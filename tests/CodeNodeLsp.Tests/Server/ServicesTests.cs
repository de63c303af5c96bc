// In-process tests of the services handlers and commands use: progress, logging to the client, settings pulled from the client.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server;
using CodeNodeLsp.Tests.Support;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class ServicesTests
{
    /// <summary>Reports progress with the client's token, as a run does.</summary>
    private sealed class ProgressHandler : RequestHandler<JObject, string>
    {
        public override string Method => "test/progress";
        public override bool Mutates => false;
        protected override async Task<string?> Handle(JObject p, RequestContext context)
        {
            var progress = await context.Server.StartProgress(p["workDoneToken"], context.Cancellation);
            progress.Begin("Running node");
            progress.Report("half", 50);
            progress.End("done");
            return "ok";
        }
    }

    /// <summary>Logs a warning through the server's logger, which must reach the client as window/logMessage.</summary>
    private sealed class LogHandler : RequestHandler<JObject, string>
    {
        public override string Method => "test/log";
        public override bool Mutates => false;
        protected override Task<string?> Handle(JObject p, RequestContext context)
        {
            context.Server.Log.LogWarning("careful: {What}", "the stove");
            return Task.FromResult<string?>("ok");
        }
    }

    /// <summary>Returns the server's current settings.</summary>
    private sealed class SettingsHandler : RequestHandler<JObject, JObject>
    {
        public override string Method => "test/settings";
        public override bool Mutates => false;
        protected override Task<JObject?> Handle(JObject p, RequestContext context) => Task.FromResult<JObject?>(new JObject
        {
            ["pythonPath"] = context.Server.Workspace.Settings.PythonPath,
            ["pflowLater"] = context.Server.Workspace.Settings.PflowLater,
        });
    }

    [Fact]
    public void Progress_WithTheClientsToken_SendsBeginReportEnd()
    {
        using var client = new TestClient(new ProgressHandler());
        client.Initialize();
        client.Request("test/progress", new { workDoneToken = "tok-1" });
        var kinds = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var n = client.WaitNotification("$/progress", p => p["token"]!.Value<string>() == "tok-1");
            kinds.Add(n["params"]!["value"]!["kind"]!.Value<string>()!);
        }
        Assert.Equal(["begin", "report", "end"], kinds);
    }

    [Fact]
    public void Progress_WithoutAToken_AsksTheClientToCreateOne()
    {
        using var client = new TestClient(new ProgressHandler());
        client.Initialize(capabilities: new { window = new { workDoneProgress = true } });
        var id = client.SendRequest("test/progress", new { });
        var create = client.WaitFor(m => (string?)m["method"] == "window/workDoneProgress/create");
        var token = create["params"]!["token"]!;
        client.SendBody(new JObject { ["jsonrpc"] = "2.0", ["id"] = create["id"], ["result"] = null }.ToString());
        var begin = client.WaitNotification("$/progress", p => JToken.DeepEquals(p["token"], token));
        Assert.Equal("begin", begin["params"]!["value"]!["kind"]!.Value<string>());
        Assert.Equal("ok", client.WaitResponse(id)["result"]!.Value<string>());
    }

    [Fact]
    public void Logs_ReachTheClientAsLogMessage()
    {
        using var client = new TestClient(new LogHandler());
        client.Initialize();
        client.Request("test/log", new { });
        var log = client.WaitNotification(Methods.LogMessage, p => p["message"]!.Value<string>()!.Contains("the stove"));
        Assert.Equal(2, log["params"]!["type"]!.Value<int>());
    }

    [Fact]
    public void PulledConfiguration_BecomesTheSettings_AndIsPulledAgainOnChange()
    {
        using var client = new TestClient(new SettingsHandler());
        client.Initialize(capabilities: new { workspace = new { configuration = true } });
        var pull = client.WaitFor(m => (string?)m["method"] == Methods.Configuration);
        client.SendBody(new JObject { ["jsonrpc"] = "2.0", ["id"] = pull["id"], ["result"] = JArray.Parse("[{\"pythonPath\": \"/opt/py\", \"pflow\": {\"laterBehaviours\": true}}]") }.ToString());
        JObject settings = new();
        for (int i = 0; i < 50 && settings["pythonPath"]?.Value<string>() != "/opt/py"; i++)
        {
            Thread.Sleep(20);
            settings = (JObject)client.Request("test/settings", new { })["result"]!;
        }
        Assert.Equal("/opt/py", settings["pythonPath"]!.Value<string>());
        Assert.True(settings["pflowLater"]!.Value<bool>());

        client.Notify(Methods.DidChangeConfiguration, new { settings = new { } });
        Assert.NotNull(client.WaitFor(m => (string?)m["method"] == Methods.Configuration));
    }

    [Fact]
    public void PushedConfiguration_IsUsed_WhenTheClientCannotBePulledFrom()
    {
        using var client = new TestClient(new SettingsHandler());
        client.Initialize(initializationOptions: new { codeNode = new { pythonPath = "/from/init" } });
        Assert.Equal("/from/init", client.Request("test/settings", new { })["result"]!["pythonPath"]!.Value<string>());
        client.Notify(Methods.DidChangeConfiguration, new { settings = new { codeNode = new { pythonPath = "/pushed" } } });
        Assert.Equal("/pushed", client.Request("test/settings", new { })["result"]!["pythonPath"]!.Value<string>());
    }
}
