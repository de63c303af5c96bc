// The one JSON serializer of the wire: camelCase names, nulls omitted, and helpers that turn bad params into -32602.
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace CodeNodeLsp.Protocol;

public static class LspJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
        // Dates stay strings: LSP has no date type, and sample values must round-trip unchanged.
        DateParseHandling = DateParseHandling.None,
        MaxDepth = 256,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>Parses a message body. Dates stay strings and depth is capped so hostile input cannot overflow the stack.</summary>
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, MaxDepth = 256 };
        var token = JToken.ReadFrom(reader);
        // Trailing content after the value means the body is not one JSON value.
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
            throw new JsonReaderException($"Unexpected content after the JSON value at position {reader.LinePosition}.");
        return token;
    }

    public static JToken? ToToken(object? value) => value switch
    {
        null => null,
        JToken t => t,
        _ => JToken.FromObject(value, Serializer),
    };

    /// <summary>Reads params into a DTO; a shape mismatch becomes InvalidParams (-32602), never a crash.</summary>
    public static T ToObject<T>(JToken? token) where T : class
    {
        if (token is null || token.Type == JTokenType.Null)
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"Missing params (expected {typeof(T).Name}).");
        try
        {
            return token.ToObject<T>(Serializer) ?? throw new JsonRpcException(ErrorCodes.InvalidParams, $"Empty params (expected {typeof(T).Name}).");
        }
        catch (JsonException e)
        {
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"Invalid params for {typeof(T).Name}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new JsonRpcException(ErrorCodes.InvalidParams, $"Invalid params for {typeof(T).Name}: {e.Message}");
        }
    }

    public static string Serialize(JToken token) => token.ToString(Formatting.None);
}
