// YAML read the way PyYAML's safe_load types it (YAML 1.1 booleans, ints, floats, nulls), into JTokens with spans.
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// Where a YAML value came from in the analysed document. Attached to every JToken the loader makes, so checks
/// and editor features can point at a value (or a mapping key) without a second tree.
/// </summary>
public sealed class YamlSpan
{
    public YamlSpan(TextSpan span, TextSpan? keySpan, bool isPlainScalar)
    {
        Span = span;
        KeySpan = keySpan;
        IsPlainScalar = isPlainScalar;
    }

    /// <summary>The value's text (for a scalar: its characters, quotes included).</summary>
    public TextSpan Span { get; }
    /// <summary>When the value sits in a mapping: the key's span.</summary>
    public TextSpan? KeySpan { get; }
    public bool IsPlainScalar { get; }
    /// <summary>The PyYAML type name when it differs from the JSON one (a YAML timestamp is a Python date/datetime).</summary>
    public string? PythonType { get; init; }
}

/// <summary>A YAML syntax error in the analysed document's offsets, with YamlDotNet's wording.</summary>
public sealed record YamlError(TextSpan Span, string Message);

/// <summary>
/// Loads YAML text into Newtonsoft JTokens with PyYAML <c>safe_load</c> typing. The text may be stitched together
/// from document lines: <paramref name="lineOffsets"/> maps each YAML line to the document offset where it starts,
/// so every span points into the document.
/// </summary>
public static partial class PyYaml
{
    // Generated at build time (see WorkflowReader): PyYAML's resolver patterns, matched on every plain scalar.
    [GeneratedRegex(
        @"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex IntRe();
    [GeneratedRegex(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex FloatRe();
    [GeneratedRegex(
        @"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRe();
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    /// <summary>Loads the first document; null (YAML null) for empty text. Errors are returned, never thrown.</summary>
    public static JToken? Load(string yaml, IReadOnlyList<int> lineOffsets, out YamlError? error)
    {
        error = null;
        var loader = new Loader(yaml, lineOffsets);
        try
        {
            return loader.LoadDocument();
        }
        catch (YamlException ex)
        {
            string message = MarkPrefix().Replace(ex.Message, "");
            error = new YamlError(loader.SpanOf(ex.Start, ex.End), message);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            error = new YamlError(new TextSpan(lineOffsets.Count > 0 ? lineOffsets[0] : 0, 0), ex.Message);
            return null;
        }
    }

    /// <summary>Loads text that is a contiguous piece of the document starting at <paramref name="start"/>.</summary>
    public static JToken? LoadAt(string document, TextSpan range, out YamlError? error)
    {
        int start = Math.Clamp(range.Start, 0, document.Length);
        range = TextSpan.FromBounds(start, Math.Clamp(range.End, start, document.Length));
        string yaml = document.Substring(range.Start, range.Length);
        var offsets = new List<int> { range.Start };
        for (int i = 0; i < yaml.Length; i++)
        {
            if (yaml[i] == '\n') offsets.Add(range.Start + i + 1);
            else if (yaml[i] == '\r' && (i + 1 >= yaml.Length || yaml[i + 1] != '\n')) offsets.Add(range.Start + i + 1);
        }
        return Load(yaml, offsets, out error);
    }

    /// <summary>The span annotation of a token the loader made, if any.</summary>
    public static YamlSpan? SpanOf(JToken? token) => token?.Annotation<YamlSpan>();

    /// <summary>Types a plain scalar as PyYAML's implicit resolvers would.</summary>
    public static JToken ResolvePlain(string value)
    {
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL") return JValue.CreateNull();
        switch (value)
        {
            case "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON": return new JValue(true);
            case "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF": return new JValue(false);
        }
        char c = value[0];
        bool numeric = char.IsAsciiDigit(c) || c is '-' or '+' or '.';
        if (numeric && IntRe().IsMatch(value) && TryInt(value) is { } i) return i;
        if (numeric && FloatRe().IsMatch(value)) return new JValue(ParseFloat(value));
        return new JValue(value);
    }

    private static JValue? TryInt(string text)
    {
        string s = text.Replace("_", "");
        int sign = 1;
        if (s.StartsWith('-')) { sign = -1; s = s[1..]; }
        else if (s.StartsWith('+')) s = s[1..];
        BigInteger value;
        if (s == "0") value = 0;
        else if (s.StartsWith("0b")) value = ParseRadix(s[2..], 2);
        else if (s.StartsWith("0x")) value = ParseRadix(s[2..], 16);
        else if (s.StartsWith('0')) value = ParseRadix(s[1..], 8);
        else if (s.Contains(':'))
        {
            value = 0;
            foreach (var part in s.Split(':')) value = value * 60 + BigInteger.Parse(part, CultureInfo.InvariantCulture);
        }
        else value = BigInteger.Parse(s, CultureInfo.InvariantCulture);
        value *= sign;
        return value >= long.MinValue && value <= long.MaxValue ? new JValue((long)value) : new JValue(value);
    }

    private static BigInteger ParseRadix(string digits, int radix)
    {
        BigInteger v = 0;
        foreach (char d in digits) v = v * radix + Convert.ToInt32(d.ToString(), 16);
        return v;
    }

    private static double ParseFloat(string text)
    {
        string s = text.Replace("_", "");
        string lower = s.ToLowerInvariant();
        if (lower.EndsWith(".inf")) return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        if (lower == ".nan") return double.NaN;
        if (s.Contains(':'))
        {
            int sign = s.StartsWith('-') ? -1 : 1;
            s = s.TrimStart('-', '+');
            double v = 0;
            foreach (var part in s.Split(':')) v = v * 60 + double.Parse(part, CultureInfo.InvariantCulture);
            return sign * v;
        }
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Walks YamlDotNet's event stream and builds JTokens, keeping anchors for aliases.</summary>
    private sealed class Loader
    {
        private readonly IParser _parser;
        private readonly IReadOnlyList<int> _lineOffsets;
        private readonly int _length;
        private readonly Dictionary<string, JToken?> _anchors = new(StringComparer.Ordinal);
        private int _depth;

        public Loader(string yaml, IReadOnlyList<int> lineOffsets)
        {
            _parser = new Parser(new StringReader(yaml));
            _lineOffsets = lineOffsets;
            _length = yaml.Length;
        }

        public JToken? LoadDocument()
        {
            _parser.Consume<StreamStart>();
            if (_parser.TryConsume<StreamEnd>(out _)) return null;
            _parser.Consume<DocumentStart>();
            var value = ReadNode(null);
            _parser.Consume<DocumentEnd>();
            return value;
        }

        public int OffsetOf(Mark mark)
        {
            int line = (int)Math.Max(1, mark.Line) - 1;
            if (_lineOffsets.Count == 0) return 0;
            if (line >= _lineOffsets.Count) line = _lineOffsets.Count - 1;
            return _lineOffsets[line] + (int)Math.Max(0, mark.Column - 1);
        }

        public TextSpan SpanOf(Mark start, Mark end)
        {
            int s = OffsetOf(start);
            int e = Math.Max(s, OffsetOf(end));
            return TextSpan.FromBounds(s, e);
        }

        private JToken? ReadNode(TextSpan? keySpan)
        {
            if (++_depth > 200) throw new YamlException(_parser.Current!.Start, _parser.Current.End, "YAML nesting is too deep.");
            try
            {
                var ev = _parser.Current ?? throw new YamlException("Unexpected end of YAML.");
                switch (ev)
                {
                    case AnchorAlias alias:
                        _parser.MoveNext();
                        return _anchors.TryGetValue(alias.Value.Value, out var target) ? target?.DeepClone() : null;
                    case Scalar scalar:
                    {
                        _parser.MoveNext();
                        var token = ScalarToken(scalar, out string? pyType);
                        token.AddAnnotation(new YamlSpan(SpanOf(scalar.Start, scalar.End), keySpan, scalar.Style == ScalarStyle.Plain) { PythonType = pyType });
                        if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = token;
                        return token;
                    }
                    case SequenceStart seq:
                    {
                        _parser.MoveNext();
                        var array = new JArray();
                        while (!_parser.TryConsume<SequenceEnd>(out var end))
                        {
                            var item = ReadNode(null);
                            array.Add(item ?? JValue.CreateNull());
                            _ = end;
                        }
                        var last = array.Count > 0 ? PyYaml.SpanOf(array[array.Count - 1])?.Span.End : null;
                        int s = OffsetOf(seq.Start);
                        array.AddAnnotation(new YamlSpan(TextSpan.FromBounds(s, Math.Max(s, last ?? s)), keySpan, false));
                        if (!seq.Anchor.IsEmpty) _anchors[seq.Anchor.Value] = array;
                        return array;
                    }
                    case MappingStart map:
                    {
                        _parser.MoveNext();
                        var obj = new JObject();
                        int s = OffsetOf(map.Start);
                        int endOffset = s;
                        while (!_parser.TryConsume<MappingEnd>(out _))
                        {
                            var keyEvent = _parser.Current;
                            var key = ReadNode(null);
                            var kSpan = PyYaml.SpanOf(key)?.Span ?? (keyEvent is null ? new TextSpan(s, 0) : SpanOf(keyEvent.Start, keyEvent.End));
                            var value = ReadNode(kSpan);
                            string name = KeyText(key);
                            if (key is JObject or JArray) name = key.ToString(Newtonsoft.Json.Formatting.None);
                            if (name == "<<" && value is JObject merge)
                            {
                                foreach (var p in merge.Properties()) if (!obj.ContainsKey(p.Name)) obj[p.Name] = p.Value.DeepClone();
                                continue;
                            }
                            var stored = value ?? WithSpan(JValue.CreateNull(), new TextSpan(kSpan.End, 0), kSpan);
                            obj[name] = stored;
                            endOffset = Math.Max(endOffset, PyYaml.SpanOf(stored)?.Span.End ?? kSpan.End);
                        }
                        obj.AddAnnotation(new YamlSpan(TextSpan.FromBounds(s, Math.Max(s, endOffset)), keySpan, false));
                        if (!map.Anchor.IsEmpty) _anchors[map.Anchor.Value] = obj;
                        return obj;
                    }
                    default:
                        throw new YamlException(ev.Start, ev.End, $"Unexpected YAML event {ev.GetType().Name}.");
                }
            }
            finally
            {
                _depth--;
            }
        }

        private static JToken WithSpan(JToken token, TextSpan span, TextSpan? keySpan)
        {
            token.AddAnnotation(new YamlSpan(span, keySpan, true));
            return token;
        }

        /// <summary>A mapping key as Python would print it (<c>str(True)</c> is "True"; JSON keys are strings).</summary>
        private static string KeyText(JToken? key) => key switch
        {
            null => "None",
            JValue { Type: JTokenType.Null } => "None",
            JValue { Type: JTokenType.Boolean } b => (bool)b! ? "True" : "False",
            JValue v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "",
            _ => key.ToString(),
        };

        private static JToken ScalarToken(Scalar scalar, out string? pythonType)
        {
            pythonType = null;
            string tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
            if (tag.Length > 0 && !scalar.Tag.IsNonSpecific)
            {
                string t = tag.StartsWith("tag:yaml.org,2002:") ? tag["tag:yaml.org,2002:".Length..] : tag.TrimStart('!');
                switch (t)
                {
                    case "str": return new JValue(scalar.Value);
                    case "int": return TryInt(scalar.Value) ?? throw new YamlException(scalar.Start, scalar.End, $"invalid int '{scalar.Value}'");
                    case "float": return new JValue(ParseFloat(scalar.Value));
                    case "bool": return ResolvePlain(scalar.Value) is JValue { Type: JTokenType.Boolean } b ? b : new JValue(false);
                    case "null": return JValue.CreateNull();
                }
            }
            if (scalar.Style != ScalarStyle.Plain) return new JValue(scalar.Value);
            if (TimestampRe().IsMatch(scalar.Value))
            {
                pythonType = scalar.Value.Length == 10 ? "date" : "datetime";
                return new JValue(scalar.Value);
            }
            return ResolvePlain(scalar.Value);
        }
    }
}
