// Python type names of values and declared types, and pflow's annotation check table (PLATFORMS.md A.5).
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>What is known about a value's Python type: a set of possible type names, or unknown.</summary>
public sealed record ValueType(IReadOnlyList<string> Types, string Origin)
{
    public string Display => string.Join(" or ", Types);
}

public static class PflowTypes
{
    /// <summary>The Python type name a JSON/YAML value has in pflow (what <c>type(x).__name__</c> prints).</summary>
    public static string PythonTypeOf(JToken? value) => value switch
    {
        null => "NoneType",
        JObject => "dict",
        JArray => "list",
        JValue v when PyYaml.SpanOf(v)?.PythonType is { } py => py,
        JValue { Type: JTokenType.Null or JTokenType.Undefined } => "NoneType",
        JValue { Type: JTokenType.Boolean } => "bool",
        JValue { Type: JTokenType.Integer } => "int",
        JValue { Type: JTokenType.Float } => "float",
        JValue { Type: JTokenType.String } => "str",
        JValue { Type: JTokenType.Date } => "datetime",
        _ => "object",
    };

    /// <summary>
    /// The Python types a value of a pflow type string can arrive as at a simple template. A <c>str</c> may arrive as
    /// a dict or list too, because pflow parses a string holding a JSON container (A.6). Null when unknown (any).
    /// </summary>
    public static IReadOnlyList<string>? FromPflowType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type)) return null;
        var result = new List<string>();
        foreach (var raw in type.Split('|'))
        {
            string t = raw.Trim().ToLowerInvariant();
            int bracket = t.IndexOf('[');
            string b = bracket >= 0 ? t[..bracket] : t;
            switch (b)
            {
                case "str" or "string": result.AddRange(["str", "dict", "list"]); break;
                case "int" or "integer": result.Add("int"); break;
                case "float": result.Add("float"); break;
                case "number": result.AddRange(["int", "float"]); break;
                case "bool" or "boolean": result.Add("bool"); break;
                case "dict" or "object": result.Add("dict"); break;
                case "list" or "array": result.Add("list"); break;
                default: return null;
            }
        }
        return result.Distinct().ToList();
    }

    /// <summary>
    /// pflow's check of an annotation against a value's type: true/false, or null when pflow skips the check
    /// (an annotation outside its table). With <paramref name="later"/>, <c>Optional[T]</c>, <c>T | None</c>,
    /// <c>Any</c> and string forward references are understood as later pflow versions do.
    /// </summary>
    public static bool? Accepts(string annotation, string pythonType, bool later)
    {
        string a = annotation.Trim();
        if (later)
        {
            if (a.Length >= 2 && (a[0] == '\'' || a[0] == '"') && a[^1] == a[0]) a = a[1..^1].Trim();
            if (a is "Any" or "typing.Any") return true;
            string? inner = OptionalInner(a);
            if (inner is not null)
            {
                if (pythonType == "NoneType") return true;
                if (inner is "Any" or "typing.Any") return true;
                a = inner;
            }
        }
        int bracket = a.IndexOf('[');
        string b = (bracket >= 0 ? a[..bracket] : a).Trim();
        return b switch
        {
            "int" => pythonType is "int" or "bool",
            "float" => pythonType is "int" or "float" or "bool",
            "str" => pythonType == "str",
            "bool" => pythonType == "bool",
            "list" => pythonType == "list",
            "dict" => pythonType == "dict",
            "set" => pythonType == "set",
            "tuple" => pythonType == "tuple",
            "bytes" => pythonType == "bytes",
            _ => null,
        };
    }

    /// <summary>The T of <c>Optional[T]</c>, <c>typing.Optional[T]</c>, <c>T | None</c> or <c>None | T</c>.</summary>
    public static string? OptionalInner(string a)
    {
        foreach (var prefix in new[] { "Optional[", "typing.Optional[" })
            if (a.StartsWith(prefix, StringComparison.Ordinal) && a.EndsWith(']')) return a[prefix.Length..^1].Trim();
        var parts = a.Split('|').Select(p => p.Trim()).ToList();
        if (parts.Count == 2 && parts.Contains("None")) return parts[0] == "None" ? parts[1] : parts[0];
        return null;
    }

    // ── current pflow's validate-time vocabulary (core/types.py, core/templates.py, python_code.py) ──

    /// <summary>pflow's <c>PYTHON_ALIASES_AT_S1</c>: a Python annotation base to its S1 (workflow) type name.</summary>
    private static readonly Dictionary<string, string> PythonToS1 = new(StringComparer.Ordinal)
    {
        ["str"] = "string", ["int"] = "integer", ["float"] = "number", ["bool"] = "boolean", ["dict"] = "object", ["list"] = "array",
    };

    /// <summary>An annotation's outer base (<c>list[dict]</c> → <c>list</c>, <c>'list'</c> → <c>list</c>).</summary>
    public static string OuterBase(string annotation)
    {
        string a = annotation.Trim();
        if (a.Length >= 2 && (a[0] == '\'' || a[0] == '"') && a[^1] == a[0]) a = a[1..^1].Trim();
        int bracket = a.IndexOf('[');
        return (bracket >= 0 ? a[..bracket] : a).Trim();
    }

    /// <summary>pflow's <c>_get_outer_type_name</c>: the S1 name of an annotation (Optional unwrapped), null when it has none (Any, set...).</summary>
    public static string? S1Name(string annotation)
    {
        string? inner = OptionalInner(annotation.Trim());
        if (inner is not null) return S1Name(inner);
        return PythonToS1.TryGetValue(OuterBase(annotation), out var s1) ? s1 : null;
    }

    /// <summary>pflow's <c>s1_type_to_python_display</c>: S1 names shown as Python names, unions element-wise.</summary>
    public static string PythonDisplay(string type)
    {
        static string One(string t) => PythonToS1.FirstOrDefault(kv => kv.Value == t).Key ?? t;
        return type.Contains('|') ? string.Join("|", type.Split('|').Select(t => One(t.Trim()))) : One(type);
    }

    /// <summary>pflow's <c>TYPE_COMPATIBILITY_MATRIX</c> (core/templates.py): may a source type flow into a target type.</summary>
    private static readonly Dictionary<string, string[]> Compatible = new(StringComparer.Ordinal)
    {
        ["any"] = ["any", "str", "string", "int", "integer", "float", "number", "bool", "boolean", "dict", "object", "list", "array"],
        ["str"] = ["any", "str", "string", "dict", "object", "list", "array"],
        ["string"] = ["any", "str", "string", "dict", "object", "list", "array"],
        ["int"] = ["any", "int", "integer", "float", "number", "str", "string"],
        ["integer"] = ["any", "int", "integer", "float", "number", "str", "string"],
        ["float"] = ["any", "float", "number", "str", "string"],
        ["number"] = ["any", "float", "number", "int", "integer", "str", "string"],
        ["bool"] = ["any", "bool", "boolean", "str", "string"],
        ["boolean"] = ["any", "bool", "boolean", "str", "string"],
        ["dict"] = ["any", "dict", "object", "str", "string"],
        ["object"] = ["any", "dict", "object", "str", "string"],
        ["list"] = ["any", "list", "array", "str", "string"],
        ["array"] = ["any", "list", "array", "str", "string"],
    };

    /// <summary>pflow's <c>is_type_compatible</c>: unions on the source must all fit, on the target one must; generics stripped.</summary>
    public static bool IsTypeCompatible(string source, string target)
    {
        if (source == target) return true;
        if (source.Contains('|')) return source.Split('|').All(t => IsTypeCompatible(t.Trim(), target));
        if (target.Contains('|')) return target.Split('|').Any(t => IsTypeCompatible(source, t.Trim()));
        string sb = OuterBase(source), tb = OuterBase(target);
        return sb == tb || Compatible.TryGetValue(sb, out var ok) && ok.Contains(tb);
    }

    /// <summary>True when pflow checks this annotation at all (its base is in the table).</summary>
    public static bool IsChecked(string annotation, bool later) => Accepts(annotation, "object", later) is not null;
}
