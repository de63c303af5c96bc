// Resolves pflow templates against values, as pflow's runtime does (simple vs complex, JSON auto-parse); pure.
using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// The values a template can read: workflow inputs first, then each step's outputs under its id (PLATFORMS.md
/// A.7), plus the batch item variables while a batched step runs.
/// </summary>
public sealed class TemplateContext
{
    public IReadOnlyDictionary<string, JToken?> Inputs { get; init; } = new Dictionary<string, JToken?>();
    /// <summary>Step id to that step's outputs (an object of output key to value).</summary>
    public IReadOnlyDictionary<string, JToken?> Steps { get; init; } = new Dictionary<string, JToken?>();
    /// <summary>Batch variables (<c>item</c> or the <c>as</c> name, <c>__index__</c>) for the running item.</summary>
    public IReadOnlyDictionary<string, JToken?> Batch { get; init; } = new Dictionary<string, JToken?>();
}

/// <summary>
/// pflow's template resolution (v-doc): a string that is exactly one template keeps the value's type (and a string
/// holding a JSON object or array becomes that container); any other string gets each template replaced by text
/// (None as "", booleans as True/False, containers as JSON). Unresolvable templates stay as written. Used by the
/// runner to build a code step's inputs and by hover to show what a template would give.
/// </summary>
public static class TemplateResolver
{
    /// <summary>Resolves a parameter value (dict, list or scalar), collecting the templates that did not resolve.</summary>
    public static JToken ResolveNested(JToken value, TemplateContext context, List<string>? unresolved = null, bool current = false) => value switch
    {
        JValue { Type: JTokenType.String } s => ResolveString((string)s!, context, unresolved, current),
        JObject o => new JObject(o.Properties().Select(p => new JProperty(p.Name, ResolveNested(p.Value, context, unresolved, current)))),
        JArray a => new JArray(a.Select(x => ResolveNested(x, context, unresolved, current))),
        _ => value.DeepClone(),
    };

    /// <summary>
    /// Resolves one string: simple template → typed value (JSON containers auto-parsed); complex → text.
    /// <paramref name="current"/> resolves as current pflow does (core/templates.py): <c>??</c> chains, JSON literal
    /// operands, <c>$${...}</c> unescaped to <c>${...}</c>, containers written as JSON without ASCII escapes.
    /// </summary>
    public static JToken ResolveString(string text, TemplateContext context, List<string>? unresolved = null, bool current = false)
    {
        if (!text.Contains("${", StringComparison.Ordinal)) return new JValue(text);
        if (current) return ResolveCurrent(text, context, unresolved);
        if (TemplateScanner.AsSimple(text) is { } simple)
        {
            if (TryResolve(simple, context, out var v)) return AutoParse(v);
            unresolved?.Add(simple.Text);
            return new JValue(text);
        }
        var templates = TemplateScanner.Scan(text);
        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (var t in templates)
        {
            sb.Append(text, pos, t.Span.Start - pos);
            if (!t.IsEscaped && TryResolve(t, context, out var v)) sb.Append(ToText(v));
            else
            {
                if (!t.IsEscaped) unresolved?.Add(t.Text);
                sb.Append(text, t.Span.Start, t.Span.Length);
            }
            pos = t.Span.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return new JValue(sb.ToString());
    }

    private static JToken ResolveCurrent(string text, TemplateContext context, List<string>? unresolved)
    {
        if (TemplateScanner.AsSimpleExpression(text) is { } simple)
        {
            if (TryEvaluate(simple, context, out var v)) return AutoParse(v);
            unresolved?.Add(simple.Text);
            return new JValue(text);
        }
        var expressions = new List<TemplateExpression>();
        TemplateScanner.ScanCurrent(text, new Text.TextSpan(0, text.Length), [], null, expressions);
        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (var e in expressions)
        {
            AppendUnescaped(sb, text, pos, e.Span.Start);
            if (TryEvaluate(e, context, out var v)) sb.Append(ToText(v));
            else
            {
                unresolved?.Add(e.Text);
                sb.Append(text, e.Span.Start, e.Span.Length);
            }
            pos = e.Span.End;
        }
        AppendUnescaped(sb, text, pos, text.Length);
        return new JValue(sb.ToString());
    }

    /// <summary>Text between expressions, with each <c>$${</c> escape written as <c>${</c> (pflow's Text segments).</summary>
    private static void AppendUnescaped(StringBuilder sb, string text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (text[i] == '$' && i + 2 < text.Length && i + 1 < to && text[i + 1] == '$' && text[i + 2] == '{') continue;
            sb.Append(text[i]);
        }
    }

    /// <summary>The first operand that resolves (a literal always does; a found null ends the chain), or false.</summary>
    public static bool TryEvaluate(TemplateExpression expression, TemplateContext context, out JToken? value)
    {
        foreach (var op in expression.Operands)
        {
            if (op.Literal is { } lit)
            {
                value = TryParseJson(lit, out var parsed) ? parsed : new JValue(lit);
                return true;
            }
            if (op.Ref is { } r && TryResolve(r, context, out value)) return true;
        }
        value = null;
        return false;
    }

    /// <summary>The value a template names, or false when any step of its path is missing.</summary>
    public static bool TryResolve(TemplateRef template, TemplateContext context, out JToken? value)
    {
        value = null;
        var segs = template.Segments;
        JToken? current;
        int next;
        var first = segs[0];
        if (context.Inputs.TryGetValue(first.Name, out var input) || context.Batch.TryGetValue(first.Name, out input))
        {
            current = input;
            if (!ApplyIndex(ref current, first, context)) return false;
            next = 1;
        }
        else if (context.Steps.TryGetValue(first.Name, out var outputs) && !first.HasIndex && segs.Count > 1)
        {
            current = outputs;
            next = 1;
        }
        else return false;
        for (int i = next; i < segs.Count; i++)
        {
            var seg = segs[i];
            current = ParseIfJson(current, wantArray: false);
            if (current is not JObject obj || !obj.TryGetValue(seg.Name, out var child)) return false;
            current = child;
            if (!ApplyIndex(ref current, seg, context)) return false;
        }
        value = current;
        return true;
    }

    private static bool ApplyIndex(ref JToken? current, TemplateSegment seg, TemplateContext context)
    {
        if (!seg.HasIndex) return true;
        int index;
        if (seg.Index is int n) index = n;
        else if (seg.NestedIndex is { } nested && TryResolve(nested, context, out var iv) && iv is JValue { Type: JTokenType.Integer } iv2)
            index = (int)(long)iv2;
        else return false;
        current = ParseIfJson(current, wantArray: true);
        if (current is not JArray arr || index < 0 || index >= arr.Count) return false;
        current = arr[index];
        return true;
    }

    private static JToken? ParseIfJson(JToken? token, bool wantArray)
    {
        if (token is JValue { Type: JTokenType.String } s && TryParseJson((string)s!, out var parsed))
            return wantArray ? (parsed is JArray ? parsed : token) : (parsed is JObject ? parsed : token);
        return token;
    }

    /// <summary>A simple template's value: a string holding a JSON object or array becomes it (A.6); else unchanged.</summary>
    public static JToken AutoParse(JToken? value)
    {
        if (value is JValue { Type: JTokenType.String } s && TryParseJson((string)s!, out var parsed) && parsed is JObject or JArray)
            return parsed;
        return value?.DeepClone() ?? JValue.CreateNull();
    }

    /// <summary>pflow's try_parse_json: trimmed, non-empty, at most 10 MB, plausible first character, then json.loads.</summary>
    public static bool TryParseJson(string text, out JToken? value)
    {
        value = null;
        var t = text.AsSpan().Trim();
        if (t.Length == 0 || t.Length > 10 * 1024 * 1024) return false;
        char c = t[0];
        if (!(c is '{' or '[' or '"' or 't' or 'f' or 'n' or '-' || char.IsAsciiDigit(c))) return false;
        try
        {
            using var reader = new JsonTextReader(new StringReader(t.ToString())) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            value = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment) { value = null; return false; }
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>How a value is written into a complex template (pflow's _convert_to_string).</summary>
    /// <summary>
    /// How a value is written into a complex template (pflow's _convert_to_string / to_string). Containers are JSON
    /// without ASCII escapes (<c>json.dumps(value, ensure_ascii=False)</c>) in 0.8.0 and today alike, as the
    /// differential test against pflow's code showed.
    /// </summary>
    public static string ToText(JToken? value, bool asciiJson = false) => value switch
    {
        null => "",
        JValue { Type: JTokenType.Null or JTokenType.Undefined } => "",
        JValue { Type: JTokenType.Boolean } b => (bool)b! ? "True" : "False",
        JValue { Type: JTokenType.String } s => (string)s!,
        JValue { Type: JTokenType.Float } f => PythonFloat((double)f!),
        JValue v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "",
        JContainer c => PythonJson(c, asciiJson),
        _ => value.ToString(),
    };

    /// <summary>Python's <c>json.dumps</c> default form: ", " and ": " separators, ASCII escapes unless told otherwise.</summary>
    public static string PythonJson(JToken value, bool ascii = true)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value, ascii);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, JToken value, bool ascii)
    {
        switch (value)
        {
            case JObject o:
                sb.Append('{');
                bool first = true;
                foreach (var p in o.Properties())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, p.Name, ascii);
                    sb.Append(": ");
                    WriteJson(sb, p.Value, ascii);
                }
                sb.Append('}');
                break;
            case JArray a:
                sb.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    WriteJson(sb, a[i], ascii);
                }
                sb.Append(']');
                break;
            case JValue { Type: JTokenType.String } s: WriteString(sb, (string)s!, ascii); break;
            case JValue { Type: JTokenType.Boolean } b: sb.Append((bool)b! ? "true" : "false"); break;
            case JValue { Type: JTokenType.Null or JTokenType.Undefined }: sb.Append("null"); break;
            case JValue { Type: JTokenType.Float } f: sb.Append(PythonFloat((double)f!) switch { "inf" => "Infinity", "-inf" => "-Infinity", "nan" => "NaN", var x => x }); break;
            case JValue v: sb.Append(Convert.ToString(v.Value, CultureInfo.InvariantCulture)); break;
            default: sb.Append(value.ToString(Formatting.None)); break;
        }
    }

    private static void WriteString(StringBuilder sb, string s, bool ascii)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || ascii && c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Python's repr of a float (1.0, 0.5, 1e+20, inf, nan).</summary>
    public static string PythonFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e16) return d.ToString("0.0", CultureInfo.InvariantCulture);
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        if (e < 0) return r;
        string mantissa = r[..e];
        string exp = r[(e + 1)..];
        char sign = exp[0] == '-' ? '-' : '+';
        exp = exp.TrimStart('+', '-').TrimStart('0');
        if (exp.Length < 2) exp = exp.PadLeft(2, '0');
        return $"{mantissa}e{sign}{exp}";
    }
}
