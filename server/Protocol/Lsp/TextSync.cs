// Document synchronisation notifications: didOpen, didChange (full and incremental), didClose, didSave.
using Newtonsoft.Json;

namespace CodeNodeLsp.Protocol.Lsp;

public sealed class DidOpenTextDocumentParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentItem TextDocument { get; set; } = new();
}

/// <summary>One change: with a range it replaces that range, without one it replaces the whole text.</summary>
public sealed class TextDocumentContentChangeEvent
{
    public LspRange? Range { get; set; }
    public int? RangeLength { get; set; }
    [JsonProperty(Required = Required.Always)] public string Text { get; set; } = "";
}

public sealed class DidChangeTextDocumentParams
{
    [JsonProperty(Required = Required.Always)] public VersionedTextDocumentIdentifier TextDocument { get; set; } = new();
    [JsonProperty(Required = Required.Always)] public List<TextDocumentContentChangeEvent> ContentChanges { get; set; } = [];
}

public sealed class DidCloseTextDocumentParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class DidSaveTextDocumentParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
    public string? Text { get; set; }
}
