// `codenode cache list|size|clean`: what the run cache holds (dependency environments, transpiled TypeScript) and its cleaning.
using System.CommandLine;
using System.Globalization;
using CodeNodeLsp.Run;

namespace CodeNodeLsp.Cli;

public static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "Show or clean the run cache (CODENODE_CACHE_DIR, else $XDG_CACHE_HOME/codenode, else ~/.cache/codenode).");
        var list = new Command("list", "List the cached dependency environments (declared and resolved versions) and transpiled files, least recently used first.");
        list.SetAction(_ => List(Console.Out));
        var size = new Command("size", "Print the cache's total size and its limit (CODENODE_CACHE_MAX_MB, default 2048).");
        size.SetAction(_ => Size(Console.Out));
        var all = new Option<bool>("--all") { Description = "Delete every entry (environments in use by an install are kept)." };
        var max = new Option<string?>("--max-size") { Description = "Clean down to this many megabytes instead of the limit." };
        var clean = new Command("clean", "Delete least recently used entries until the cache fits its limit; --all deletes everything, which also re-resolves unpinned dependencies on the next run.");
        clean.Add(all);
        clean.Add(max);
        clean.SetAction(parsed => Clean(parsed.GetValue(all), parsed.GetValue(max), Console.Out, Console.Error));
        command.Add(list);
        command.Add(size);
        command.Add(clean);
        return command;
    }

    private static RunSettings Settings => RunSettings.Default;

    public static int List(TextWriter stdout)
    {
        var entries = DependencyCache.List(Settings);
        foreach (var e in entries)
            stdout.WriteLine($"{e.Kind,-4} {Megabytes(e.SizeBytes),10}  last used {e.LastUsedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}  {Path.GetFileName(e.Path)}  {e.Description}");
        stdout.WriteLine($"{entries.Count} entries, {Megabytes(entries.Sum(e => e.SizeBytes))} in {RunEnvironment.CacheDir(Settings)}");
        return ExitCodes.Ok;
    }

    public static int Size(TextWriter stdout)
    {
        var total = DependencyCache.List(Settings).Sum(e => e.SizeBytes);
        stdout.WriteLine($"{Megabytes(total)} of {Megabytes(DependencyCache.MaxBytes(Settings))} ({RunEnvironment.CacheDir(Settings)})");
        return ExitCodes.Ok;
    }

    public static int Clean(bool all, string? maxSize, TextWriter stdout, TextWriter stderr)
    {
        long? limit = all ? 0 : null;
        if (maxSize != null)
        {
            if (!double.TryParse(maxSize, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb) || !double.IsFinite(mb) || mb < 0)
            {
                stderr.WriteLine($"codenode: --max-size must be a number of megabytes, got '{maxSize}'");
                return ExitCodes.Usage;
            }
            limit = (long)(mb * 1024 * 1024);
        }
        var deleted = DependencyCache.Trim(Settings, maxBytes: limit);
        foreach (var e in deleted) stdout.WriteLine($"deleted {e.Kind} {Path.GetFileName(e.Path)} ({Megabytes(e.SizeBytes)})");
        var left = DependencyCache.List(Settings).Sum(e => e.SizeBytes);
        stdout.WriteLine($"{deleted.Count} entries deleted, {Megabytes(deleted.Sum(e => e.SizeBytes))} freed; {Megabytes(left)} left");
        return ExitCodes.Ok;
    }

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
