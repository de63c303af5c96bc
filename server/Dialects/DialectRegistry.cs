// The list of dialects the server knows, by id.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects;

public static class DialectRegistry
{
    public static IReadOnlyDictionary<string, IDialect> ById { get; } = new Dictionary<string, IDialect>(StringComparer.Ordinal)
    {
        [DialectIds.Pflow] = new Pflow.PflowDialect(),
        [DialectIds.StackAi] = new StackAi.StackAiDialect(),
        [DialectIds.Voxworks] = new Voxworks.VoxworksDialect(),
    };

    public static IDialect? Find(string id) => ById.TryGetValue(id, out var d) ? d : null;
}
