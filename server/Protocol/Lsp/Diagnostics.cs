// publishDiagnostics and the LSP Diagnostic (named LspDiagnostic so it does not clash with the analysis type).
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol.Lsp;

public sealed class DiagnosticRelatedInformation
{
    public Location Location { get; set; } = new();
    public string Message { get; set; } = "";
}

public sealed class CodeDescription
{
    public string Href { get; set; } = "";
}

public sealed class LspDiagnostic
{
    public LspRange Range { get; set; } = new();
    /// <summary>1 error, 2 warning, 3 information, 4 hint.</summary>
    public int Severity { get; set; }
    public string? Code { get; set; }
    /// <summary>The rule's documentation page (LSP 3.16 codeDescription).</summary>
    public CodeDescription? CodeDescription { get; set; }
    public string Source { get; set; } = "codenode";
    public string Message { get; set; } = "";
    /// <summary>1 = Unnecessary, 2 = Deprecated.</summary>
    public List<int>? Tags { get; set; }
    public List<DiagnosticRelatedInformation>? RelatedInformation { get; set; }
    /// <summary>The diagnostic's fixes as workspace edits, so codeAction needs no re-analysis.</summary>
    public JToken? Data { get; set; }
}

public sealed class PublishDiagnosticsParams
{
    public string Uri { get; set; } = "";
    public int? Version { get; set; }
    public List<LspDiagnostic> Diagnostics { get; set; } = [];
}
