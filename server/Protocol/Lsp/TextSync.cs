// Document synchronisation notifications: didOpen, didChange (full and incremental), didClose, didSave.
namespace CodeNodeLsp.Protocol.Lsp;

public sealed class DidOpenTextDocumentParams
{
    public TextDocumentItem TextDocument { get; set; } = new();
}

/// <summary>One change: with a range it replaces that range, without one it replaces the whole text.</summary>
public sealed class TextDocumentContentChangeEvent
{
    public LspRange? Range { get; set; }
    public int? RangeLength { get; set; }
    public string Text { get; set; } = "";
}

public sealed class DidChangeTextDocumentParams
{
    public VersionedTextDocumentIdentifier TextDocument { get; set; } = new();
    public List<TextDocumentContentChangeEvent> ContentChanges { get; set; } = [];
}

public sealed class DidCloseTextDocumentParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class DidSaveTextDocumentParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    public string? Text { get; set; }
}
