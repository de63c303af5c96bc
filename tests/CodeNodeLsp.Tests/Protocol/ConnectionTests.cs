// Connection tests: a request is answered at most once, ids keep their JSON type, and outgoing requests get their answers.
using System.Text;
using CodeNodeLsp.Protocol;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Protocol;

public class ConnectionTests
{
    private sealed class Recorder : IMessageHandler
    {
        public List<IncomingRequest> Requests { get; } = [];
        public void OnRequest(IncomingRequest request) => Requests.Add(request);
        public void OnNotification(string method, JToken? parameters) { }
    }

    private static byte[] Frame(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"), .. bytes];
    }

    private static List<JObject> Written(MemoryStream output)
    {
        var reader = new MessageReader(new MemoryStream(output.ToArray()));
        var list = new List<JObject>();
        while (reader.Read() is { } body) list.Add(JObject.Parse(body));
        return list;
    }

    [Fact]
    public void SecondReply_IsDropped()
    {
        var output = new MemoryStream();
        var connection = new Connection(new MemoryStream(Frame("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"m\"}")), output);
        var recorder = new Recorder();
        connection.Run(recorder);
        var request = Assert.Single(recorder.Requests);
        Assert.True(connection.Reply(request.Id, 1));
        Assert.False(connection.Reply(request.Id, 2));
        Assert.False(connection.ReplyError(request.Id, new ResponseError(ErrorCodes.InternalError, "x")));
        var reply = Assert.Single(Written(output));
        Assert.Equal(JTokenType.String, reply["id"]!.Type);
        Assert.Equal(1, reply["result"]!.Value<int>());
    }

    [Fact]
    public void DuplicateIdOfAPendingRequest_IsInvalidRequest()
    {
        var output = new MemoryStream();
        string body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"m\"}";
        var connection = new Connection(new MemoryStream([.. Frame(body), .. Frame(body)]), output);
        var recorder = new Recorder();
        connection.Run(recorder);
        Assert.Single(recorder.Requests);
        Assert.Equal(ErrorCodes.InvalidRequest, Assert.Single(Written(output))["error"]!["code"]!.Value<int>());
    }

    [Fact]
    public async Task OutgoingRequest_IsCancelled_WhenTheInputEnds()
    {
        var connection = new Connection(new MemoryStream(), new MemoryStream());
        connection.Open();
        connection.Run(new Recorder());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.Request("workspace/configuration", new JObject()));
    }
}
