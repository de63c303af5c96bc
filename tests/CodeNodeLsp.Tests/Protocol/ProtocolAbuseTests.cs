// Ids outside int64 and malformed ids (-32600), invalid params (-32602), "Content-Length: +N", nothing before the initialize result.
using System.Text;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Protocol;

public class ProtocolAbuseTests
{
    private const string Uri = "file:///tmp/codenode-tests/abuse.py";

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("null")]
    public void A_request_with_an_id_that_is_not_an_int64_or_a_string_gets_InvalidRequest(string id)
    {
        using var client = new TestClient();
        client.Initialize();
        client.SendBody($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"textDocument/hover\",\"params\":{{}}}}");
        var error = client.WaitFor(m => m["error"] is not null);
        Assert.Equal(ErrorCodes.InvalidRequest, (int)error["error"]!["code"]!);
        Assert.Equal(JTokenType.Null, error["id"]!.Type);
        // The server goes on answering.
        Assert.NotNull(client.Request("shutdown")["result"]);
    }

    [Fact]
    public void The_largest_int64_ids_are_echoed_exactly()
    {
        using var client = new TestClient();
        client.Initialize();
        foreach (var id in new[] { long.MaxValue, long.MinValue })
        {
            client.SendBody($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"textDocument/documentSymbol\",\"params\":{{\"textDocument\":{{\"uri\":\"{Uri}\"}}}}}}");
            var response = client.WaitFor(m => m["id"]?.Type == JTokenType.Integer && (long)m["id"]! == id);
            Assert.Null(response["error"]);
        }
    }

    public static TheoryData<string, string> InvalidParams() => new()
    {
        { "textDocument/hover", "{}" },
        { "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + Uri + "\"}}" },
        { "textDocument/hover", "{\"textDocument\":{},\"position\":{\"line\":0,\"character\":0}}" },
        { "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":0}}" },
        { "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":\"x\",\"character\":0}}" },
        { "textDocument/completion", "{\"textDocument\":null,\"position\":{\"line\":0,\"character\":0}}" },
        { "textDocument/definition", "[]" },
        { "textDocument/documentSymbol", "{}" },
        { "textDocument/codeLens", "{\"textDocument\":{\"uri\":null}}" },
        { "textDocument/codeAction", "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"context\":{\"diagnostics\":[]}}" },
        { "textDocument/hover", "\"text\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidParams))]
    public void Invalid_params_get_InvalidParams(string method, string parameters)
    {
        using var client = new TestClient();
        client.Initialize();
        client.Open(Uri, "x = 1\n");
        client.SendBody($"{{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"{method}\",\"params\":{parameters}}}");
        var response = client.WaitResponse(77);
        Assert.True(response["error"] is JObject, $"{method} {parameters} answered {response}");
        Assert.Equal(ErrorCodes.InvalidParams, (int)response["error"]!["code"]!);
    }

    [Fact]
    public void A_plus_sign_in_Content_Length_is_a_malformed_header_and_the_reader_resyncs()
    {
        using var client = new TestClient();
        client.Initialize();
        var body = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\"}";
        client.SendRaw(Encoding.ASCII.GetBytes($"Content-Length: +{body.Length}\r\n\r\n{body}"));
        client.SendBody("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"shutdown\"}");
        // The +N frame is dropped (no answer to id 5); the next well-formed frame is read and answered.
        var answered = client.WaitResponse(6);
        Assert.Null(answered["error"]);
        Assert.DoesNotContain(client.Seen(), m => m["id"]?.Type == JTokenType.Integer && (int)m["id"]! == 5);
    }

    [Fact]
    public void Nothing_but_responses_is_sent_before_the_initialize_result()
    {
        using var client = new TestClient();
        // Before initialize: a notification the server drops (and would log), a request it refuses, traces asked for.
        client.Notify("$/setTrace", new { value = "verbose" });
        client.Open(Uri, "x = (\n");
        client.Notify("workspace/didChangeConfiguration", new { settings = new { } });
        var refused = client.WaitResponse(client.SendRequest("textDocument/hover", TestClient.Position(Uri, 0, 0)));
        Assert.Equal(ErrorCodes.ServerNotInitialized, (int)refused["error"]!["code"]!);
        var init = client.SendRequest("initialize", new { processId = (int?)null, rootUri = (string?)null, capabilities = new { }, trace = "verbose" });
        var result = client.WaitResponse(init);
        Assert.NotNull(result["result"]);
        // Everything received before the result was a response.
        Assert.All(client.Seen(), m => Assert.Null(m["method"]));
    }
}
