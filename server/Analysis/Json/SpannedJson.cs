// A small JSON parser that keeps the span of every key and value, so manifest errors point at the exact text.
using System.Globalization;
using System.Text;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Analysis.Json;

public enum JsonKind { Object, Array, String, Number, True, False, Null }

/// <summary>A JSON value with its span in the source text; object members keep their key spans and order.</summary>
public sealed class JsonNode
{
    public required JsonKind Kind { get; init; }
    public required TextSpan Span { get; init; }
    public string? StringValue { get; init; }
    public double NumberValue { get; init; }
    public string? NumberText { get; init; }
    public IReadOnlyList<JsonMember> Members { get; init; } = [];
    public IReadOnlyList<JsonNode> Items { get; init; } = [];

    public JsonMember? Member(string key)
    {
        // Later duplicates win, as in JSON.parse and Python's json module.
        for (int i = Members.Count - 1; i >= 0; i--)
            if (Members[i].Key == key) return Members[i];
        return null;
    }

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The value as a Newtonsoft token (what the analysis types carry).</summary>
    public JToken ToJToken() => Kind switch
    {
        JsonKind.Object => new JObject(Members.GroupBy(m => m.Key).Select(g => new JProperty(g.Key, g.Last().Value.ToJToken()))),
        JsonKind.Array => new JArray(Items.Select(i => i.ToJToken())),
        JsonKind.String => new JValue(StringValue),
        JsonKind.Number => NumberText is not null && long.TryParse(NumberText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) ? new JValue(l) : new JValue(NumberValue),
        JsonKind.True => new JValue(true),
        JsonKind.False => new JValue(false),
        _ => JValue.CreateNull(),
    };
}

public sealed record JsonMember(string Key, TextSpan KeySpan, JsonNode Value);

/// <summary>Where and why a text is not JSON.</summary>
public sealed record JsonError(TextSpan Span, string Message);

public static class SpannedJson
{
    private const int MaxDepth = 200;

    /// <summary>Parses a whole text as one JSON value; on failure returns null and the first error.</summary>
    public static JsonNode? Parse(string text, out JsonError? error)
    {
        var p = new Parser(text);
        try
        {
            p.SkipWhitespace();
            var node = p.ParseValue(0);
            p.SkipWhitespace();
            if (p.Pos < text.Length) p.Fail("Unexpected text after the JSON value");
            error = null;
            return node;
        }
        catch (ParseFailure f)
        {
            error = f.Error;
            return null;
        }
    }

    private sealed class ParseFailure(JsonError error) : Exception(error.Message)
    {
        public JsonError Error { get; } = error;
    }

    private sealed class Parser(string text)
    {
        public int Pos;

        public void SkipWhitespace()
        {
            while (Pos < text.Length)
            {
                char c = text[Pos];
                if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF') Pos++;
                else break;
            }
        }

        public void Fail(string message, int? at = null, int length = 1)
        {
            int start = Math.Min(at ?? Pos, text.Length);
            throw new ParseFailure(new JsonError(new TextSpan(start, Math.Min(length, text.Length - start)), message));
        }

        private string Describe() => Pos >= text.Length ? "end of file" : "'" + text[Pos] + "'";

        public JsonNode ParseValue(int depth)
        {
            if (depth > MaxDepth) Fail($"JSON nested deeper than {MaxDepth} levels");
            if (Pos >= text.Length) Fail("Expected a JSON value but reached the end of the file");
            char c = text[Pos];
            switch (c)
            {
                case '{': return ParseObject(depth);
                case '[': return ParseArray(depth);
                case '"':
                {
                    int start = Pos;
                    string s = ParseString();
                    return new JsonNode { Kind = JsonKind.String, Span = TextSpan.FromBounds(start, Pos), StringValue = s };
                }
                case 't': return Literal("true", JsonKind.True);
                case 'f': return Literal("false", JsonKind.False);
                case 'n': return Literal("null", JsonKind.Null);
                default:
                    if (c == '-' || char.IsAsciiDigit(c)) return ParseNumber();
                    Fail($"Expected a JSON value but found {Describe()}");
                    return null!;
            }
        }

        private JsonNode Literal(string word, JsonKind kind)
        {
            if (string.CompareOrdinal(text, Pos, word, 0, word.Length) != 0) Fail($"Expected a JSON value but found {Describe()}");
            int start = Pos;
            Pos += word.Length;
            return new JsonNode { Kind = kind, Span = new TextSpan(start, word.Length) };
        }

        private JsonNode ParseNumber()
        {
            int start = Pos;
            if (text[Pos] == '-') Pos++;
            if (Pos >= text.Length || !char.IsAsciiDigit(text[Pos])) Fail("Invalid number", start, Pos - start + 1);
            while (Pos < text.Length && (char.IsAsciiDigit(text[Pos]) || text[Pos] is '.' or 'e' or 'E' or '+' or '-')) Pos++;
            string s = text[start..Pos];
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) Fail($"Invalid number '{s}'", start, s.Length);
            return new JsonNode { Kind = JsonKind.Number, Span = TextSpan.FromBounds(start, Pos), NumberValue = d, NumberText = s };
        }

        private string ParseString()
        {
            int start = Pos;
            Pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (Pos >= text.Length) Fail("Unterminated string", start, Pos - start);
                char c = text[Pos];
                if (c == '"') { Pos++; return sb.ToString(); }
                if (c is '\n' or '\r') Fail("Unterminated string (a line break inside a string must be written \\n)", start, Pos - start);
                if (c < ' ') Fail("Control character in a string (escape it)", Pos, 1);
                if (c != '\\') { sb.Append(c); Pos++; continue; }
                if (Pos + 1 >= text.Length) Fail("Unterminated string", start, Pos - start);
                char e = text[Pos + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (Pos + 6 > text.Length || !ushort.TryParse(text.AsSpan(Pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort u))
                            Fail("Invalid \\u escape (four hex digits expected)", Pos, Math.Min(6, text.Length - Pos));
                        else
                            sb.Append((char)u);
                        Pos += 4;
                        break;
                    default:
                        Fail($"Invalid escape '\\{e}'", Pos, 2);
                        break;
                }
                Pos += 2;
            }
        }

        private JsonNode ParseObject(int depth)
        {
            int start = Pos;
            Pos++;
            var members = new List<JsonMember>();
            SkipWhitespace();
            if (Pos < text.Length && text[Pos] == '}')
            {
                Pos++;
                return new JsonNode { Kind = JsonKind.Object, Span = TextSpan.FromBounds(start, Pos), Members = members };
            }
            while (true)
            {
                SkipWhitespace();
                if (Pos >= text.Length) Fail("Unclosed object: expected '}'", start, 1);
                if (text[Pos] != '"')
                {
                    if (text[Pos] == '}' && members.Count > 0) Fail("Trailing comma before '}' is not allowed in JSON", Pos, 1);
                    Fail($"Expected a property name in double quotes but found {Describe()}");
                }
                int keyStart = Pos;
                string key = ParseString();
                var keySpan = TextSpan.FromBounds(keyStart, Pos);
                SkipWhitespace();
                if (Pos >= text.Length || text[Pos] != ':') Fail($"Expected ':' after the property name but found {Describe()}");
                Pos++;
                SkipWhitespace();
                var value = ParseValue(depth + 1);
                members.Add(new JsonMember(key, keySpan, value));
                SkipWhitespace();
                if (Pos >= text.Length) Fail("Unclosed object: expected ',' or '}'", start, 1);
                if (text[Pos] == ',') { Pos++; continue; }
                if (text[Pos] == '}') { Pos++; break; }
                Fail($"Expected ',' or '}}' but found {Describe()}");
            }
            return new JsonNode { Kind = JsonKind.Object, Span = TextSpan.FromBounds(start, Pos), Members = members };
        }

        private JsonNode ParseArray(int depth)
        {
            int start = Pos;
            Pos++;
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Pos < text.Length && text[Pos] == ']')
            {
                Pos++;
                return new JsonNode { Kind = JsonKind.Array, Span = TextSpan.FromBounds(start, Pos), Items = items };
            }
            while (true)
            {
                SkipWhitespace();
                if (Pos < text.Length && text[Pos] == ']' && items.Count > 0) Fail("Trailing comma before ']' is not allowed in JSON", Pos, 1);
                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                if (Pos >= text.Length) Fail("Unclosed array: expected ',' or ']'", start, 1);
                if (text[Pos] == ',') { Pos++; continue; }
                if (text[Pos] == ']') { Pos++; break; }
                Fail($"Expected ',' or ']' but found {Describe()}");
            }
            return new JsonNode { Kind = JsonKind.Array, Span = TextSpan.FromBounds(start, Pos), Items = items };
        }
    }
}
