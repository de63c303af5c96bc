// Language feature requests: code actions, completion, hover, definition, document symbols and code lenses.
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol.Lsp;

public sealed class CodeActionContext
{
    public List<LspDiagnostic> Diagnostics { get; set; } = [];
    public List<string>? Only { get; set; }
}

public sealed class CodeActionParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
    [JsonProperty(Required = Required.Always)] public LspRange Range { get; set; } = new();
    public CodeActionContext Context { get; set; } = new();
}

public sealed class CodeAction
{
    public string Title { get; set; } = "";
    public string? Kind { get; set; }
    public List<LspDiagnostic>? Diagnostics { get; set; }
    public bool? IsPreferred { get; set; }
    public WorkspaceEdit? Edit { get; set; }
}

public sealed class CompletionParams : TextDocumentPositionParams
{
    public JObject? Context { get; set; }
}

public sealed class CompletionItem
{
    public string Label { get; set; } = "";
    public int? Kind { get; set; }
    public string? Detail { get; set; }
    public MarkupContent? Documentation { get; set; }
    public string? SortText { get; set; }
    public string? FilterText { get; set; }
    public string? InsertText { get; set; }
    /// <summary>1 = plain text, 2 = snippet.</summary>
    public int? InsertTextFormat { get; set; }
    public LspTextEdit? TextEdit { get; set; }
}

public sealed class CompletionList
{
    public bool IsIncomplete { get; set; }
    public List<CompletionItem> Items { get; set; } = [];
}

public sealed class Hover
{
    public MarkupContent Contents { get; set; } = new();
    public LspRange? Range { get; set; }
}

public sealed class DocumentSymbolParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class DocumentSymbol
{
    public string Name { get; set; } = "";
    public string? Detail { get; set; }
    public int Kind { get; set; }
    public LspRange Range { get; set; } = new();
    public LspRange SelectionRange { get; set; } = new();
    public List<DocumentSymbol>? Children { get; set; }
}

public sealed class CodeLensParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class CodeLens
{
    public LspRange Range { get; set; } = new();
    /// <summary>The command as LSP spells it (see <see cref="Lsp.Command.ToJson"/>).</summary>
    public JObject? Command { get; set; }
}
