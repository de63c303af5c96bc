// The cache folder's contents as entries (dependency environments, transpiled TypeScript), and its cleaning to a size.
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>One thing the cache holds that can be deleted and made again.</summary>
public sealed record CacheEntry(string Kind, string Path, long SizeBytes, DateTime LastUsedUtc, string Description);

/// <summary>
/// Lists and cleans <c>CACHE/deps</c> (environments) and <c>CACHE/ts</c> (transpiled TypeScript). Cleaning deletes the
/// least recently used entries until the total fits the limit (<see cref="RunSettings.CacheMaxMegabytes"/>, else
/// <c>CODENODE_CACHE_MAX_MB</c>, else <see cref="DefaultMaxMegabytes"/>); it runs after each new environment and on
/// <c>codenode cache clean</c>. An environment whose lock is held (being made) is never deleted; one is deleted by
/// renaming it away first, so no run ever sees half of it.
/// </summary>
public static class DependencyCache
{
    public const double DefaultMaxMegabytes = 2048;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        MaxRecursionDepth = 64,
    };

    public static string DepsRoot(RunSettings settings) => Path.Combine(RunEnvironment.CacheDir(settings), "deps");

    private static string TsRoot(RunSettings settings) => Path.Combine(RunEnvironment.CacheDir(settings), "ts");

    /// <summary>The size limit in bytes: the setting, else <c>CODENODE_CACHE_MAX_MB</c>, else the default.</summary>
    public static long MaxBytes(RunSettings settings)
    {
        double mb = settings.CacheMaxMegabytes
                    ?? (double.TryParse(Environment.GetEnvironmentVariable("CODENODE_CACHE_MAX_MB"), NumberStyles.Float, CultureInfo.InvariantCulture, out var env) && env >= 0 ? env : DefaultMaxMegabytes);
        return (long)(mb * 1024 * 1024);
    }

    /// <summary>The <c>.complete</c> record of a finished environment, or null when there is none.</summary>
    internal static JObject? ReadRecord(string dir)
    {
        try
        {
            var path = Path.Combine(dir, Dependencies.CompleteFile);
            return File.Exists(path) ? RunJson.ParseObject(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Marks an environment as used now (its <c>.last-used</c> file's time), for least-recently-used cleaning.</summary>
    internal static void Touch(string dir)
    {
        try { File.SetLastWriteTimeUtc(Path.Combine(dir, Dependencies.LastUsedFile), DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Every entry of the cache, least recently used first.</summary>
    public static IReadOnlyList<CacheEntry> List(RunSettings settings)
    {
        var entries = new List<CacheEntry>();
        var deps = DepsRoot(settings);
        if (Directory.Exists(deps))
        {
            foreach (var dir in SafeDirectories(deps))
            {
                var record = ReadRecord(dir);
                if (record == null) continue;
                var packages = record["packages"] is JObject p ? string.Join(", ", p.Properties().Select(x => $"{x.Name} {x.Value}")) : "";
                var declared = record["dependencies"] is JArray a ? string.Join(", ", a.Select(x => (string?)x)) : "";
                var resolved = (string?)record["resolvedAt"] ?? "?";
                entries.Add(new CacheEntry((string?)record["kind"] ?? "deps", dir, (long?)record["sizeBytes"] ?? FolderSize(dir), LastUsed(dir),
                    $"declared: {declared}; resolved {resolved}: {packages}"));
            }
        }
        var ts = TsRoot(settings);
        if (Directory.Exists(ts))
        {
            foreach (var file in SafeFiles(ts))
            {
                var info = new FileInfo(file);
                entries.Add(new CacheEntry("ts", file, info.Length, info.LastWriteTimeUtc, "transpiled TypeScript"));
            }
        }
        return entries.OrderBy(e => e.LastUsedUtc).ToList();
    }

    /// <summary>
    /// Deletes least-recently-used entries until the cache fits <paramref name="maxBytes"/> (the setting when null);
    /// <paramref name="keep"/> (the environment a run is about to use) is never deleted. Leftovers of killed
    /// installs are removed too. Returns the deleted entries. Never throws.
    /// </summary>
    public static IReadOnlyList<CacheEntry> Trim(RunSettings settings, string? keep = null, long? maxBytes = null)
    {
        var deleted = new List<CacheEntry>();
        try
        {
            var root = DepsRoot(settings);
            if (Directory.Exists(root))
            {
                foreach (var dir in SafeDirectories(root))
                {
                    var name = Path.GetFileName(dir);
                    int cut = name.IndexOf(".tmp-", StringComparison.Ordinal) is >= 0 and var t ? t : name.IndexOf(".old-", StringComparison.Ordinal);
                    if (cut > 0) RemoveLeftovers(root, name[..cut]);
                }
            }
            long limit = maxBytes ?? MaxBytes(settings);
            var entries = List(settings);
            long total = entries.Sum(e => e.SizeBytes);
            foreach (var entry in entries)
            {
                if (total <= limit) break;
                if (keep != null && Path.GetFileName(entry.Path) == keep) continue;
                if (Delete(entry))
                {
                    total -= entry.SizeBytes;
                    deleted.Add(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return deleted;
    }

    /// <summary>Deletes one entry; an environment only when its lock is free. False when it was in use or is gone.</summary>
    public static bool Delete(CacheEntry entry)
    {
        if (entry.Kind == "ts")
        {
            try
            {
                File.Delete(entry.Path);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        }
        var root = Path.GetDirectoryName(entry.Path)!;
        var key = Path.GetFileName(entry.Path);
        using var held = EnvLock.TryAcquire(root, key);
        if (held == null || !Directory.Exists(entry.Path)) return false;
        var away = Path.Combine(root, $"{key}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try { Directory.Move(entry.Path, away); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        DeleteFolder(away);
        try { File.Delete(Path.Combine(root, key + ".failed")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return true;
    }

    /// <summary>
    /// Deletes what killed installs of <paramref name="key"/> left (<c>KEY.tmp-*</c>, <c>KEY.old-*</c>). Only a holder of
    /// the key's lock creates those, so this runs under the lock (or takes it for a moment).
    /// </summary>
    internal static void RemoveLeftovers(string root, string key, bool lockHeld = false)
    {
        using var held = lockHeld ? null : EnvLock.TryAcquire(root, key);
        if (held == null && !lockHeld) return;
        foreach (var dir in SafeDirectories(root))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith(key + ".tmp-", StringComparison.Ordinal) || name.StartsWith(key + ".old-", StringComparison.Ordinal)) DeleteFolder(dir);
        }
    }

    /// <summary>Installed distributions of a <c>pip --target</c> folder: name → version, from each <c>*.dist-info/METADATA</c>.</summary>
    internal static JObject PipPackages(string env)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in SafeDirectories(env).Where(d => d.EndsWith(".dist-info", StringComparison.Ordinal)))
        {
            string? name = null, version = null;
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(info, "METADATA")).Take(40))
                {
                    if (line.StartsWith("Name: ", StringComparison.Ordinal)) name ??= line[6..].Trim();
                    else if (line.StartsWith("Version: ", StringComparison.Ordinal)) version ??= line[9..].Trim();
                    else if (line.Length == 0) break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (name != null && version != null) packages[name] = version;
        }
        return new JObject(packages.Select(p => new JProperty(p.Key, p.Value)));
    }

    /// <summary>Top-level packages of a <c>node_modules</c> folder (scoped ones included): name → version.</summary>
    internal static JObject NpmPackages(string nodeModules)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in SafeDirectories(nodeModules))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.')) continue;
            var dirs = name.StartsWith('@') ? SafeDirectories(dir) : [dir];
            foreach (var package in dirs)
            {
                try
                {
                    var json = RunJson.ParseObject(File.ReadAllText(Path.Combine(package, "package.json")));
                    if ((string?)json["name"] is { } n && (string?)json["version"] is { } v) packages[n] = v;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException) { }
            }
        }
        return new JObject(packages.Select(p => new JProperty(p.Key, p.Value)));
    }

    internal static long FolderSize(string dir)
    {
        try { return Directory.Exists(dir) ? new DirectoryInfo(dir).EnumerateFiles("*", Walk).Sum(f => f.Length) : 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    internal static void DeleteFolder(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static DateTime LastUsed(string dir)
    {
        var marker = Path.Combine(dir, Dependencies.LastUsedFile);
        return File.Exists(marker) ? File.GetLastWriteTimeUtc(marker) : Directory.GetLastWriteTimeUtc(dir);
    }

    private static string[] SafeDirectories(string dir)
    {
        try { return Directory.Exists(dir) ? Directory.GetDirectories(dir) : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string[] SafeFiles(string dir)
    {
        try { return Directory.GetFiles(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
