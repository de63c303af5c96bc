// JSON reading for run data: values stay as written (no date guessing), so a sample round-trips unchanged.
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

internal static class RunJson
{
    private static readonly JsonLoadSettings LoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };

    /// <summary>Parses a JSON value; strings that look like dates stay strings (Newtonsoft would convert them).</summary>
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 512,
        };
        var token = JToken.ReadFrom(reader, LoadSettings);
        if (reader.Read()) throw new JsonReaderException("Additional text after the JSON value.");
        return token;
    }

    public static JObject ParseObject(string json) =>
        Parse(json) as JObject ?? throw new JsonReaderException("Expected a JSON object.");

    /// <summary>Compact JSON text of a token (null writes "null").</summary>
    public static string Write(JToken? token) => token?.ToString(Formatting.None) ?? "null";
}
