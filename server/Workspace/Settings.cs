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
    /// <summary><c>codeNode.pflow.laterBehaviours</c>: accept pflow's later behaviours (see AnalysisSettings).</summary>
    public bool PflowLater { get; init; }
    /// <summary>The whole section as received.</summary>
    public JObject Raw { get; init; } = new();

    public static Settings Default { get; } = new();

    public AnalysisSettings Analysis => PflowLater == AnalysisSettings.Default.PflowLater ? AnalysisSettings.Default : new AnalysisSettings { PflowLater = PflowLater };

    /// <summary>
    /// Reads the section. Accepts either the section itself (<c>{"pythonPath": ...}</c>) or an object holding it
    /// (<c>{"codeNode": {...}}</c>), since clients send both shapes; wrong types fall back to defaults.
    /// </summary>
    public static Settings From(JToken? token)
    {
        if (token is not JObject obj) return Default;
        if (obj[Section] is JObject inner) obj = inner;
        return new Settings
        {
            PythonPath = NonEmpty(obj["pythonPath"]),
            NodePath = NonEmpty(obj["nodePath"]),
            DefaultTimeoutSeconds = obj["defaultTimeout"] is JValue { Type: JTokenType.Integer or JTokenType.Float } t && t.Value<double>() > 0 ? t.Value<double>() : null,
            PflowLater = obj.SelectToken("pflow.laterBehaviours") is JValue { Type: JTokenType.Boolean } b && b.Value<bool>()
                || obj["pflow.laterBehaviours"] is JValue { Type: JTokenType.Boolean } flat && flat.Value<bool>(),
            Raw = (JObject)obj.DeepClone(),
        };
    }

    private static string? NonEmpty(JToken? t) => t is JValue { Type: JTokenType.String } v && !string.IsNullOrWhiteSpace(v.Value<string>()) ? v.Value<string>() : null;
}
