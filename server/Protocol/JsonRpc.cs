// JSON-RPC 2.0 basics: request ids (number or string), the error codes LSP uses, and the error a handler throws.
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol;

/// <summary>The error codes of JSON-RPC 2.0 and the ones LSP adds.</summary>
public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int UnknownErrorCode = -32001;
    public const int RequestFailed = -32803;
    public const int ServerCancelled = -32802;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;
}

/// <summary>
/// A request id. JSON-RPC allows a number or a string, and the reply must echo the same JSON type, so the id
/// keeps which one it was.
/// </summary>
public readonly record struct RequestId
{
    private RequestId(long? number, string? text) { Number = number; Text = text; }

    public long? Number { get; }
    public string? Text { get; }

    public static RequestId Of(long number) => new(number, null);
    public static RequestId Of(string text) => new(null, text);

    /// <summary>Reads an id token; false for anything that is not an integer or a string (null included).</summary>
    public static bool TryParse(JToken? token, out RequestId id)
    {
        switch (token?.Type)
        {
            // An integer outside int64 (Newtonsoft reads it as a BigInteger) is not an id this server can echo exactly.
            case JTokenType.Integer when ((JValue)token).Value is long number:
                id = Of(number);
                return true;
            case JTokenType.String:
                id = Of(token.Value<string>()!);
                return true;
            default:
                id = default;
                return false;
        }
    }

    /// <summary>
    /// A string that tells number and string ids apart ("n:1" vs "s:1"), used as the key of the pending tables:
    /// a string key keeps those dictionaries on code that ReadyToRun has precompiled (a struct key would be JIT-compiled
    /// at start-up).
    /// </summary>
    public string Key => Text is not null ? "s:" + Text : "n:" + (Number ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public JToken ToJson() => Text is not null ? new JValue(Text) : new JValue(Number ?? 0);

    public override string ToString() => Text is not null ? "\"" + Text + "\"" : (Number ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The <c>error</c> member of a response.</summary>
public sealed record ResponseError(int Code, string Message, JToken? Data = null)
{
    public JObject ToJson()
    {
        var o = new JObject { ["code"] = Code, ["message"] = Message };
        if (Data is not null) o["data"] = Data;
        return o;
    }
}

/// <summary>Thrown by a handler (or by our JSON helpers) to answer a request with a specific error code.</summary>
public sealed class JsonRpcException : Exception
{
    public JsonRpcException(int code, string message) : base(message) { Code = code; }

    public int Code { get; }

    public ResponseError ToError() => new(Code, Message);
}
