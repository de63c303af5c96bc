// Basic LSP structures: positions, ranges, locations, document identifiers, edits, markup and commands.
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol.Lsp;

/// <summary>Zero-based line and UTF-16 character (LSP's default position encoding).</summary>
public sealed class Position
{
    [JsonProperty(Required = Required.Always)] public int Line { get; set; }
    [JsonProperty(Required = Required.Always)] public int Character { get; set; }
    public Position() { }
    public Position(int line, int character) { Line = line; Character = character; }
}

/// <summary>LSP's Range (named so it does not clash with System.Range).</summary>
public sealed class LspRange
{
    [JsonProperty(Required = Required.Always)] public Position Start { get; set; } = new();
    [JsonProperty(Required = Required.Always)] public Position End { get; set; } = new();
    public LspRange() { }
    public LspRange(Position start, Position end) { Start = start; End = end; }
}

public sealed class Location
{
    public string Uri { get; set; } = "";
    public LspRange Range { get; set; } = new();
}

public sealed class TextDocumentIdentifier
{
    [JsonProperty(Required = Required.Always)] public string Uri { get; set; } = "";
}

public sealed class VersionedTextDocumentIdentifier
{
    [JsonProperty(Required = Required.Always)] public string Uri { get; set; } = "";
    public int? Version { get; set; }
}

public sealed class TextDocumentItem
{
    [JsonProperty(Required = Required.Always)] public string Uri { get; set; } = "";
    public string LanguageId { get; set; } = "";
    public int Version { get; set; }
    [JsonProperty(Required = Required.Always)] public string Text { get; set; } = "";
}

public class TextDocumentPositionParams
{
    [JsonProperty(Required = Required.Always)] public TextDocumentIdentifier TextDocument { get; set; } = new();
    [JsonProperty(Required = Required.Always)] public Position Position { get; set; } = new();
    public JToken? WorkDoneToken { get; set; }
}

/// <summary>LSP's TextEdit (named so it does not clash with the internal Text.TextEdit).</summary>
public sealed class LspTextEdit
{
    public LspRange Range { get; set; } = new();
    public string NewText { get; set; } = "";
}

public sealed class WorkspaceEdit
{
    public Dictionary<string, List<LspTextEdit>>? Changes { get; set; }
}

public sealed class MarkupContent
{
    public string Kind { get; set; } = "markdown";
    public string Value { get; set; } = "";
}

public sealed class Command
{
    public string Title { get; set; } = "";
    public string CommandName { get; set; } = "";
    public List<JToken?>? Arguments { get; set; }

    /// <summary>LSP names the field "command"; the C# property cannot share the class name.</summary>
    public JObject ToJson()
    {
        var o = new JObject { ["title"] = Title, ["command"] = CommandName };
        if (Arguments is not null) o["arguments"] = new JArray(Arguments.Select(a => a ?? JValue.CreateNull()));
        return o;
    }
}
