// In-process server tests of the lifecycle and JSON-RPC errors: -32002 before initialize, exit codes, bad messages.
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class LifecycleTests
{
    private static int? ErrorCode(JObject response) => response["error"]?["code"]?.Value<int>();

    [Fact]
    public void RequestBeforeInitialize_IsServerNotInitialized()
    {
        using var client = new TestClient();
        var response = client.Request("textDocument/hover", new { textDocument = new { uri = "file:///x.py" }, position = new { line = 0, character = 0 } });
        Assert.Equal(ErrorCodes.ServerNotInitialized, ErrorCode(response));
    }

    [Fact]
    public void Initialize_AdvertisesCapabilitiesOfRegisteredHandlers()
    {
        using var client = new TestClient();
        var caps = (JObject)client.Initialize()["result"]!["capabilities"]!;
        Assert.Equal(2, caps["textDocumentSync"]!["change"]!.Value<int>());
        Assert.True(caps["hoverProvider"]!.Value<bool>());
        Assert.True(caps["definitionProvider"]!.Value<bool>());
        Assert.True(caps["documentSymbolProvider"]!.Value<bool>());
        Assert.NotNull(caps["completionProvider"]);
        Assert.NotNull(caps["codeLensProvider"]);
        Assert.Equal("quickfix", caps["codeActionProvider"]!["codeActionKinds"]![0]!.Value<string>());
        Assert.Contains("codenode.rules", caps["executeCommandProvider"]!["commands"]!.Values<string>());
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Fact]
    public void SecondInitialize_IsInvalidRequest()
    {
        using var client = new TestClient();
        client.Initialize();
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(client.Request("initialize", new { capabilities = new { } })));
    }

    [Fact]
    public void ExitWithoutShutdown_EndsWithCodeOne()
    {
        using var client = new TestClient();
        client.Initialize();
        client.Notify("exit");
        Assert.Equal(1, client.WaitExit());
    }

    [Fact]
    public void AfterShutdown_RequestsAreRefusedAndExitGivesZero()
    {
        using var client = new TestClient();
        client.Initialize();
        Assert.Equal(JTokenType.Null, client.Request("shutdown")["result"]!.Type);
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(client.Request("textDocument/hover", new { })));
        client.Notify("exit");
        Assert.Equal(0, client.WaitExit());
    }

    [Fact]
    public void UnknownMethod_IsMethodNotFound_AndStringIdsAreEchoed()
    {
        using var client = new TestClient();
        client.Initialize();
        var response = client.WaitResponse(client.SendRequest("codenode/noSuchMethod", new { }, id: "abc"));
        Assert.Equal(ErrorCodes.MethodNotFound, ErrorCode(response));
        Assert.Equal(JTokenType.String, response["id"]!.Type);
    }

    [Fact]
    public void InvalidJson_IsParseErrorWithNullId_AndTheServerKeepsWorking()
    {
        using var client = new TestClient();
        client.SendBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
        var error = client.WaitFor(m => m["error"] is not null);
        Assert.Equal(ErrorCodes.ParseError, ErrorCode(error));
        Assert.Equal(JTokenType.Null, error["id"]!.Type);
        Assert.NotNull(client.Initialize()["result"]);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"initialize\"}")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"initialize\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":42}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7}")]
    public void MalformedMessages_AreInvalidRequest(string body)
    {
        using var client = new TestClient();
        client.SendBody(body);
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(client.WaitFor(m => m["error"] is not null)));
        Assert.NotNull(client.Initialize()["result"]);
    }

    [Fact]
    public void BadParams_AreInvalidParams()
    {
        using var client = new TestClient();
        client.Initialize();
        var response = client.Request("textDocument/hover", new { textDocument = 5, position = "here" });
        Assert.Equal(ErrorCodes.InvalidParams, ErrorCode(response));
    }

    [Fact]
    public void EndOfInputWithoutExit_EndsWithCodeOne()
    {
        var client = new TestClient();
        client.Initialize();
        client.Dispose();
        Assert.Equal(1, client.WaitExit());
    }

    [Fact]
    public void SetTraceVerbose_SendsLogTraceForLaterMessages()
    {
        using var client = new TestClient();
        client.Initialize();
        client.Notify("$/setTrace", new { value = "verbose" });
        client.Request("workspace/executeCommand", new { command = "codenode.rules" });
        var trace = client.WaitNotification("$/logTrace");
        Assert.Contains("workspace/executeCommand", trace["params"]!["message"]!.Value<string>());
    }
}
