// Conformance with CPython on the installed standard library: the same valid/invalid verdict as ast.parse, sound trees.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class StdlibConformanceTests(ITestOutputHelper output)
{
    /// <summary>One standard-library file: its decoded text and CPython's verdict.</summary>
    public sealed record StdlibFile(string Path, string Text, bool CPythonValid, int CPythonLine, string CPythonMessage);

    internal static readonly Lazy<(List<StdlibFile> Files, int Undecodable)> Corpus = new(Load);

    /// <summary>
    /// The standard library is every .py file under sysconfig's stdlib path, without site-packages (third-party
    /// code installed there is not the standard library). CPython's verdicts are computed by one python3 process
    /// (two workers) and cached in the temp folder keyed by each file's SHA-256, so reruns only parse with us.
    /// </summary>
    private static (List<StdlibFile>, int) Load()
    {
        string root = Python3.Run("import sysconfig; print(sysconfig.get_paths()['stdlib'])").Trim();
        var paths = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}site-packages{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{System.IO.Path.DirectorySeparatorChar}dist-packages{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var bytes = paths.Select(File.ReadAllBytes).ToList();
        var hashes = bytes.Select(b => Convert.ToHexString(SHA256.HashData(b))).ToList();

        string version = Python3.Run("import sys; print(sys.version.split()[0])").Trim();
        string cachePath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"codenodelsp-cpython-verdicts-{version}.tsv");
        var cache = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(cachePath))
        {
            foreach (var line in File.ReadAllLines(cachePath))
            {
                int tab = line.IndexOf('\t');
                if (tab > 0) cache[line[..tab]] = line[(tab + 1)..];
            }
        }
        var missing = Enumerable.Range(0, paths.Count).Where(i => !cache.ContainsKey(hashes[i])).ToList();
        if (missing.Count > 0)
        {
            var output = Python3.Run(VerdictScript, string.Join("\n", missing.Select(i => paths[i])) + "\n");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(missing.Count, lines.Length);
            for (int k = 0; k < missing.Count; k++) cache[hashes[missing[k]]] = lines[k];
            File.WriteAllLines(cachePath, cache.Select(kv => kv.Key + "\t" + kv.Value));
        }

        var files = new List<StdlibFile>();
        int undecodable = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            // verdict \t encoding \t line \t message
            var parts = cache[hashes[i]].Split('\t', 4);
            var encoding = EncodingFor(parts[1]);
            if (parts[0] == "undecodable" || encoding == null)
            {
                undecodable++;
                continue;
            }
            string text = encoding.GetString(bytes[i]);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            files.Add(new StdlibFile(paths[i], text, parts[0] == "ok", int.Parse(parts[2]), parts[3]));
        }
        return (files, undecodable);
    }

    private static Encoding? EncodingFor(string name)
    {
        switch (name.ToLowerInvariant().Replace('_', '-'))
        {
            case "utf-8" or "utf-8-sig" or "utf8": return new UTF8Encoding(false);
            case "iso-8859-1" or "latin-1" or "latin1" or "iso8859-1": return Encoding.Latin1;
            case "-": return null;
        }
        // Legacy code pages (koi8-r, cp1252, ...) come from the code-pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try { return Encoding.GetEncoding(name); }
        catch (ArgumentException) { return null; }
    }

    private const string VerdictScript = """
        import ast, io, sys, tokenize, warnings
        from concurrent.futures import ProcessPoolExecutor
        def verdict(path):
            warnings.simplefilter("ignore")
            data = open(path, "rb").read()
            try:
                enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
                text = data.decode(enc)
            except Exception:
                return "undecodable\t-\t0\t-"
            if text.startswith("\ufeff"):
                text = text[1:]
            try:
                ast.parse(text)
                return f"ok\t{enc}\t0\t-"
            except SyntaxError as e:
                return f"error\t{enc}\t{e.lineno or 0}\t{e.msg}".replace("\n", " ")
            except (ValueError, RecursionError, MemoryError) as e:
                return f"error\t{enc}\t0\t{e}".replace("\n", " ")
        if __name__ == "__main__":
            paths = [p for p in sys.stdin.read().split("\n") if p]
            with ProcessPoolExecutor(2) as pool:
                for v in pool.map(verdict, paths, chunksize=32):
                    print(v)
        """;

    [Fact]
    public void Every_stdlib_file_gets_CPythons_verdict_and_a_sound_tree()
    {
        var (files, undecodable) = Corpus.Value;
        Assert.True(files.Count > 500, $"only {files.Count} standard-library files found");
        Assert.True(undecodable <= 10, $"{undecodable} files could not be decoded");
        output.WriteLine($"{files.Count} standard-library files compared with CPython, {undecodable} undecodable skipped");
        var mismatches = new ConcurrentBag<string>();
        var broken = new ConcurrentBag<string>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f =>
        {
            var r = PythonParser.Parse(f.Text);
            bool ours = r.Errors.Count == 0;
            if (ours != f.CPythonValid)
            {
                mismatches.Add(ours
                    ? $"{f.Path}: CPython says line {f.CPythonLine}: {f.CPythonMessage}; we accept it"
                    : $"{f.Path}: CPython accepts it; we say {Describe(f.Text, r.Errors[0])}");
            }
            if (TreeInvariants.Violation(r) is { } v) broken.Add($"{f.Path}: {v}");
        });
        Assert.True(broken.IsEmpty, $"{broken.Count} unsound trees:\n" + string.Join("\n", broken.OrderBy(s => s).Take(20)));
        Assert.True(mismatches.IsEmpty, $"{mismatches.Count} of {files.Count} verdicts differ from CPython:\n" + string.Join("\n", mismatches.OrderBy(s => s).Take(40)));
    }

    internal static string Describe(string text, SyntaxError e)
    {
        int line = 1;
        for (int i = 0; i < e.Span.Start && i < text.Length; i++) if (text[i] == '\n') line++;
        return $"line {line}: {e.Message}";
    }
}
