// Fixes that edit codenode.json: add a dependency to a node, remove one (edits in the manifest text's offsets).
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.StackAi;

internal static class ManifestEdits
{
    public static Fix? AddDependency(NodeContext context, string package) => null;

    public static Fix? RemoveDependency(NodeContext context, string dependency) => null;
}
