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
}
