// Sample values shown in hovers and completion docs: indented JSON in a fenced Markdown block, cut to a readable size.
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Analysis;

public static class JsonMarkdown
{
    /// <summary>
    /// A <c>```json</c> block of the value, indented. A recorded output can be megabytes; past
    /// <paramref name="maxChars"/> the text is cut and a last line <c>…</c> says so, because an editor's hover
    /// renders every character it is given.
    /// </summary>
    public static string Block(JToken value, int maxChars)
    {
        string json = value.ToString(Formatting.Indented);
        if (json.Length > maxChars) json = json[..maxChars] + "\n…";
        return "```json\n" + json + "\n```";
    }

    /// <summary>
    /// A value in a few characters, for inlay hints: <c>[3 items]</c>, <c>{2 keys}</c>, a string quoted and cut
    /// after <paramref name="maxChars"/> characters, numbers, booleans and null as JSON writes them.
    /// </summary>
    public static string Short(JToken? value, int maxChars = 24) => value switch
    {
        null => "null",
        JArray a => a.Count == 1 ? "[1 item]" : $"[{a.Count} items]",
        JObject o => o.Count == 1 ? "{1 key}" : $"{{{o.Count} keys}}",
        JValue { Type: JTokenType.String } s => Quote(s.Value<string>() ?? "", maxChars),
        _ => Cut(value.ToString(Formatting.None), maxChars),
    };

    private static string Quote(string s, int max) => "\"" + Cut(s.ReplaceLineEndings(" "), max) + "\"";

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
