// Finds the server commands: every IServerCommand in this assembly, so a new command needs only its own file.
namespace CodeNodeLsp.Server.Commands;

public static class CommandRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, IServerCommand>> Commands = new(Discover);

    public static IReadOnlyDictionary<string, IServerCommand> All => Commands.Value;

    private static IReadOnlyDictionary<string, IServerCommand> Discover()
    {
        var result = new Dictionary<string, IServerCommand>(StringComparer.Ordinal);
        foreach (var type in typeof(CommandRegistry).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IServerCommand).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null) continue;
            var command = (IServerCommand)Activator.CreateInstance(type)!;
            if (!result.TryAdd(command.Name, command))
                throw new InvalidOperationException($"Two commands are named {command.Name}: {result[command.Name].GetType().Name} and {type.Name}.");
        }
        return result;
    }
}
