// The server's settings, read from the "codeNode" configuration section (workspace/configuration or initializationOptions).
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Settings as VS Code spells them under <c>codeNode.*</c> (documented in docs/settings.md). Unknown keys are
/// kept in <see cref="Raw"/> so an area can read its own settings without changing this type.
/// </summary>
public sealed record Settings
{
    public const string Section = "codeNode";

    /// <summary><c>codeNode.pythonPath</c>: the interpreter for runs (default: python3 on PATH).</summary>
    public string? PythonPath { get; init; }
    /// <summary><c>codeNode.nodePath</c>: Node.js for TypeScript runs (default: node on PATH).</summary>
    public string? NodePath { get; init; }
    /// <summary><c>codeNode.defaultTimeout</c>: seconds a run may take when the node sets none.</summary>
    public double? DefaultTimeoutSeconds { get; init; }
    /// <summary>
    /// <c>codeNode.pflow.version</c>: <c>current</c> (default) or <c>0.8</c>. The old boolean
    /// <c>codeNode.pflow.laterBehaviours</c> is read as an alias when no version is given (true: current, false: 0.8).
    /// </summary>
    public PflowVersion PflowVersion { get; init; } = PflowVersion.Current;
    /// <summary>True for every pflow version after 0.8 (what the old <c>laterBehaviours</c> flag meant).</summary>
    public bool PflowLater => PflowVersion != PflowVersion.V0_8;
    /// <summary><c>codeNode.rules.ignore</c> / <c>codeNode.rules.severity</c>: rules turned off or re-rated (docs/suppressions.md).</summary>
    public RuleConfig Rules { get; init; } = RuleConfig.Empty;
    /// <summary><c>codeNode.diagnostics.scope</c> = <c>workspace</c>: closed code nodes are reported too (workspace/diagnostic).</summary>
    public bool WorkspaceDiagnostics { get; init; }
    /// <summary><c>codeNode.inlayHints.enabled</c>: sample values of inputs as inlay hints in code.</summary>
    public bool InlayHints { get; init; }
    /// <summary>What was wrong in the rules settings (unknown codes, bad severities); those entries are left out.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
    /// <summary>The whole section as received.</summary>
    public JObject Raw { get; init; } = new();

    public static Settings Default { get; } = new();

    public AnalysisSettings Analysis => PflowVersion == AnalysisSettings.Default.PflowVersion ? AnalysisSettings.Default : new AnalysisSettings { PflowVersion = PflowVersion };

    /// <summary>
    /// Reads the section. Accepts either the section itself (<c>{"pythonPath": ...}</c>) or an object holding it
    /// (<c>{"codeNode": {...}}</c>), since clients send both shapes; wrong types fall back to defaults.
    /// </summary>
    public static Settings From(JToken? token)
    {
        if (token is not JObject obj) return Default;
        if (obj[Section] is JObject inner) obj = inner;
        var problems = new List<string>();
        var rules = ReadRules(obj.SelectToken("rules.ignore") ?? obj["rules.ignore"], obj.SelectToken("rules.severity") ?? obj["rules.severity"], problems);
        return new Settings
        {
            Rules = rules,
            Problems = problems,
            WorkspaceDiagnostics = (obj.SelectToken("diagnostics.scope") ?? obj["diagnostics.scope"]) is JValue { Type: JTokenType.String } scope && scope.Value<string>() == "workspace",
            InlayHints = (obj.SelectToken("inlayHints.enabled") ?? obj["inlayHints.enabled"]) is JValue { Type: JTokenType.Boolean } hints && hints.Value<bool>(),
            PythonPath = NonEmpty(obj["pythonPath"]),
            NodePath = NonEmpty(obj["nodePath"]),
            DefaultTimeoutSeconds = obj["defaultTimeout"] is JValue { Type: JTokenType.Integer or JTokenType.Float } t && t.Value<double>() > 0 ? t.Value<double>() : null,
            PflowVersion = ReadPflowVersion(obj),
            Raw = (JObject)obj.DeepClone(),
        };
    }

    /// <summary><c>pflow.version</c> (nested or flat key) when valid, else the <c>laterBehaviours</c> alias, else current.</summary>
    private static PflowVersion ReadPflowVersion(JObject obj)
    {
        foreach (var token in new[] { obj.SelectToken("pflow.version"), obj["pflow.version"] })
            if (token is JValue { Type: JTokenType.String } v && AnalysisSettings.ParsePflowVersion(v.Value<string>()) is { } version) return version;
        foreach (var token in new[] { obj.SelectToken("pflow.laterBehaviours"), obj["pflow.laterBehaviours"] })
            if (token is JValue { Type: JTokenType.Boolean } b) return b.Value<bool>() ? PflowVersion.Current : PflowVersion.V0_8;
        return PflowVersion.Current;
    }

    /// <summary>
    /// Reads an <c>ignore</c> array of selectors and a <c>severity</c> object of selector → level (the same shape in
    /// settings and in codenode.json's "rules"); entries of the wrong type are reported and skipped.
    /// </summary>
    public static RuleConfig ReadRules(JToken? ignore, JToken? severity, List<string> problems)
    {
        var selectors = new List<string>();
        if (ignore is JArray list)
        {
            foreach (var item in list)
                if (item is JValue { Type: JTokenType.String } v) selectors.Add(v.Value<string>()!);
                else problems.Add($"rules.ignore: {item.ToString(Newtonsoft.Json.Formatting.None)} is not a rule code.");
        }
        else if (ignore is JValue { Type: JTokenType.String } one) selectors.AddRange(one.Value<string>()!.Split(',', StringSplitOptions.RemoveEmptyEntries));
        else if (ignore is not null && ignore.Type != JTokenType.Null) problems.Add("rules.ignore must be a list of rule codes.");
        var levels = new List<KeyValuePair<string, string>>();
        if (severity is JObject map)
        {
            foreach (var p in map.Properties())
                if (p.Value is JValue { Type: JTokenType.String } v) levels.Add(new(p.Name, v.Value<string>()!));
                else problems.Add($"rules.severity: the value for {p.Name} must be error, warning, information, hint or off.");
        }
        else if (severity is not null && severity.Type != JTokenType.Null) problems.Add("rules.severity must be an object of rule code to severity.");
        return RuleConfig.From(selectors, levels, problems);
    }

    private static string? NonEmpty(JToken? t) => t is JValue { Type: JTokenType.String } v && !string.IsNullOrWhiteSpace(v.Value<string>()) ? v.Value<string>() : null;
}
