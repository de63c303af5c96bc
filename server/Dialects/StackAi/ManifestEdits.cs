// Fixes that edit codenode.json: add a dependency to a node, remove one (edits in the manifest text's offsets).
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Analysis.Json;
using CodeNodeLsp.Text;
using Newtonsoft.Json;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>
/// Builds <see cref="Fix"/>es whose <see cref="Fix.Path"/> is the manifest. The edits are computed on
/// <see cref="NodeContext.ManifestText"/> (the text the node's context was read from), with the manifest's own
/// indentation, so the server can apply them as a WorkspaceEdit. No manifest text, no fix.
/// </summary>
internal static class ManifestEdits
{
    public static Fix? AddDependency(NodeContext context, string package)
    {
        if (Entry(context) is not { } found) return null;
        var (text, node) = found;
        string literal = JsonConvert.ToString(package);
        string title = $"Add \"{package}\" to the dependencies of node \"{context.NodeId}\" in codenode.json";
        var deps = node.Member("dependencies");
        if (deps is not null)
        {
            if (deps.Value.Kind != JsonKind.Array) return null;
            var items = deps.Value.Items;
            var edit = items.Count > 0
                ? new TextEdit(new TextSpan(items[^1].Span.End, 0), ", " + literal)
                : new TextEdit(new TextSpan(deps.Value.Span.Start + 1, 0), literal);
            return new Fix(title, [edit], IsPreferred: true, Path: context.ManifestPath);
        }
        if (node.Members.Count == 0)
            return new Fix(title, [new TextEdit(new TextSpan(node.Span.Start + 1, 0), $"\"dependencies\": [{literal}]")], IsPreferred: true, Path: context.ManifestPath);
        // A new member after the last one, on its own line with the same indentation.
        var last = node.Members[^1];
        var source = SourceText.From(text);
        int keyLine = source.LineOf(last.KeySpan.Start);
        string indent = source.LineText(keyLine)[..(last.KeySpan.Start - source.LineStart(keyLine))];
        bool multiLine = source.LineOf(node.Span.Start) != keyLine;
        string insert = multiLine ? $",\n{indent}\"dependencies\": [{literal}]" : $", \"dependencies\": [{literal}]";
        return new Fix(title, [new TextEdit(new TextSpan(last.Value.Span.End, 0), insert)], IsPreferred: true, Path: context.ManifestPath);
    }

    public static Fix? RemoveDependency(NodeContext context, string dependency)
    {
        if (Entry(context) is not { } found) return null;
        var deps = found.Node.Member("dependencies");
        if (deps is null || deps.Value.Kind != JsonKind.Array) return null;
        var items = deps.Value.Items;
        int i = -1;
        for (int k = 0; k < items.Count; k++)
            if (items[k].Kind == JsonKind.String && items[k].StringValue == dependency) { i = k; break; }
        if (i < 0) return null;
        // Take the item with the comma that separates it from its neighbour, so the array stays valid.
        var span = i + 1 < items.Count
            ? TextSpan.FromBounds(items[i].Span.Start, items[i + 1].Span.Start)
            : i > 0 ? TextSpan.FromBounds(items[i - 1].Span.End, items[i].Span.End) : items[i].Span;
        return new Fix($"Remove \"{dependency}\" from the dependencies of node \"{context.NodeId}\" in codenode.json",
            [new TextEdit(span, "")], Path: context.ManifestPath);
    }

    /// <summary>The manifest text and the node's object in it, or null when either is missing or not JSON.</summary>
    private static (string Text, JsonNode Node)? Entry(NodeContext context)
    {
        if (context.ManifestText is not { } text || context.ManifestPath is null || context.NodeId is not { } id) return null;
        var root = SpannedJson.Parse(text, out _);
        var nodes = root?.Kind == JsonKind.Object ? root.Member("nodes")?.Value : null;
        var node = nodes?.Kind == JsonKind.Object ? nodes.Member(id)?.Value : null;
        return node?.Kind == JsonKind.Object ? (text, node) : null;
    }
}
