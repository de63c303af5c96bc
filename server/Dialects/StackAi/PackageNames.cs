// Package knowledge for dependency checks: spec parsing (pip and npm), import→package names, Node built-ins.
using System.Text.RegularExpressions;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>A dependency as written in the manifest and the package name it installs (null when it names none).</summary>
public sealed record DependencySpec(string Text, string? Name, string? Error);

public static partial class PackageNames
{
    // ───────────── dependency specs ─────────────

    // PEP 508, simplified: name, optional [extras], then version specifiers, a URL (name @ url) and/or a ; marker.
    [GeneratedRegex(@"^\s*(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:(?:(?:===|==|!=|~=|>=|<=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*)(?:,\s*(?:===|==|!=|~=|>=|<=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*)*|@\s*\S+\s*)?(?:;.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PipSpec();

    // npm: name or @scope/name, optionally @version-or-range (anything non-empty after the @).
    [GeneratedRegex(@"^\s*(?<name>(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*)(?:@(?<version>\S.*))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NpmSpec();

    [GeneratedRegex(@"[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex PipSeparators();

    /// <summary>Parses a pip requirement (<c>requests==2.31.0</c>, <c>PyYAML&gt;=6</c>, <c>pkg[extra]</c>, <c>pkg @ url</c>).</summary>
    public static DependencySpec ParsePip(string text)
    {
        if (IsInstallerOption(text)) return new DependencySpec(text, null, OptionError(text, "pip.conf or PIP_INDEX_URL"));
        if (text.StartsWith("git+", StringComparison.OrdinalIgnoreCase) || text.Contains("://", StringComparison.Ordinal))
            return new DependencySpec(text, null, null); // a bare URL: installable, but it names no package we can match
        var m = PipSpec().Match(text);
        return m.Success
            ? new DependencySpec(text, m.Groups["name"].Value, null)
            : new DependencySpec(text, null, $"\"{text}\" is not a pip requirement (name, optional [extras], optional version such as ==1.2 or >=1,<2).");
    }

    /// <summary>Parses an npm dependency (<c>lodash</c>, <c>lodash@4.17.21</c>, <c>@scope/pkg@^1</c>).</summary>
    public static DependencySpec ParseNpm(string text)
    {
        if (IsInstallerOption(text)) return new DependencySpec(text, null, OptionError(text, ".npmrc"));
        var m = NpmSpec().Match(text);
        return m.Success
            ? new DependencySpec(text, m.Groups["name"].Value, null)
            : new DependencySpec(text, null, $"\"{text}\" is not an npm package name with an optional @version (lowercase, @scope/name allowed).");
    }

    /// <summary>
    /// An entry that pip or npm would read as an option (<c>--index-url=…</c>, <c>-r file</c>): each entry is installed
    /// as a package, so an option is refused rather than passed on.
    /// </summary>
    public static bool IsInstallerOption(string text) => text.TrimStart().StartsWith('-');

    private static string OptionError(string text, string where) =>
        $"\"{text}\" is an installer option, not a package: every entry of \"dependencies\" is installed as a package. " +
        $"Remove it; a package index or registry belongs in the installer's configuration ({where}; see docs/run.md).";

    /// <summary>PEP 503 normalisation: case-insensitive, and runs of <c>-</c>, <c>_</c>, <c>.</c> are the same.</summary>
    public static string NormalizePip(string name) => PipSeparators().Replace(name, "-").ToLowerInvariant();

    // ───────────── Python import names → package names ─────────────

    /// <summary>
    /// Top-level (or dotted) import names whose PyPI package is named differently. The first package listed is
    /// the one a fix adds. A name missing here installs under its own name (PEP 503-normalised).
    /// </summary>
    private static readonly Dictionary<string, string[]> PipPackagesByImport = new(StringComparer.Ordinal)
    {
        ["yaml"] = ["PyYAML"],
        ["PIL"] = ["Pillow"],
        ["sklearn"] = ["scikit-learn"],
        ["skimage"] = ["scikit-image"],
        ["cv2"] = ["opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"],
        ["bs4"] = ["beautifulsoup4"],
        ["dateutil"] = ["python-dateutil"],
        ["dotenv"] = ["python-dotenv"],
        ["docx"] = ["python-docx"],
        ["pptx"] = ["python-pptx"],
        ["jwt"] = ["PyJWT"],
        ["Crypto"] = ["pycryptodome", "pycryptodomex"],
        ["OpenSSL"] = ["pyOpenSSL"],
        ["fitz"] = ["PyMuPDF"],
        ["magic"] = ["python-magic"],
        ["serial"] = ["pyserial"],
        ["usb"] = ["pyusb"],
        ["attr"] = ["attrs"],
        ["MySQLdb"] = ["mysqlclient"],
        ["psycopg2"] = ["psycopg2-binary", "psycopg2"],
        ["telegram"] = ["python-telegram-bot"],
        ["discord"] = ["discord.py"],
        ["slugify"] = ["python-slugify"],
        ["multipart"] = ["python-multipart"],
        ["jose"] = ["python-jose"],
        ["socketio"] = ["python-socketio"],
        ["engineio"] = ["python-engineio"],
        ["gi"] = ["PyGObject"],
        ["zmq"] = ["pyzmq"],
        ["faiss"] = ["faiss-cpu", "faiss-gpu"],
        ["googleapiclient"] = ["google-api-python-client"],
        ["google.auth"] = ["google-auth"],
        ["google.oauth2"] = ["google-auth"],
        ["google.protobuf"] = ["protobuf"],
        ["google.generativeai"] = ["google-generativeai"],
        ["google.genai"] = ["google-genai"],
        ["pkg_resources"] = ["setuptools"],
        ["Bio"] = ["biopython"],
        ["nacl"] = ["PyNaCl"],
        ["wx"] = ["wxPython"],
        ["ldap"] = ["python-ldap"],
        ["snowflake.connector"] = ["snowflake-connector-python"],
        ["newspaper"] = ["newspaper3k"],
        ["pdfminer"] = ["pdfminer.six"],
        ["dns"] = ["dnspython"],
        ["kafka"] = ["kafka-python"],
        ["github"] = ["PyGithub"],
        ["gitlab"] = ["python-gitlab"],
        ["git"] = ["GitPython"],
        ["Levenshtein"] = ["python-Levenshtein", "Levenshtein"],
        ["win32api"] = ["pywin32"],
        ["win32com"] = ["pywin32"],
        ["pinecone"] = ["pinecone", "pinecone-client"],
        ["umap"] = ["umap-learn"],
        ["mpl_toolkits"] = ["matplotlib"],
    };

    /// <summary>
    /// Packages often installed for another package to use (pandas engines, DB drivers, certificates), which
    /// the code never imports by name; a hint about them would mislead.
    /// </summary>
    private static readonly HashSet<string> IndirectPipPackages = new(StringComparer.Ordinal)
    {
        "openpyxl", "xlrd", "xlsxwriter", "odfpy", "pyarrow", "fastparquet", "tabulate", "lxml", "html5lib",
        "psycopg2-binary", "psycopg2", "pymysql", "mysqlclient", "certifi", "setuptools", "wheel", "typing-extensions",
        "python-multipart", "uvicorn", "gunicorn", "tzdata", "chardet", "charset-normalizer", "cryptography",
    };

    /// <summary>
    /// The normalised package names that can provide the Python module <paramref name="dottedModule"/>, most
    /// likely first: a table entry for its longest dotted prefix, then the module's own top-level name, then the
    /// dashed form of a namespace package (<c>azure.storage.blob</c> → <c>azure-storage-blob</c>).
    /// </summary>
    public static IReadOnlyList<string> PipCandidates(string dottedModule)
    {
        var result = new List<string>(4);
        string prefix = dottedModule;
        while (true)
        {
            if (PipPackagesByImport.TryGetValue(prefix, out var packages))
            {
                foreach (var p in packages) result.Add(NormalizePip(p));
                break;
            }
            int dot = prefix.LastIndexOf('.');
            if (dot < 0) break;
            prefix = prefix[..dot];
        }
        int firstDot = dottedModule.IndexOf('.');
        string top = firstDot < 0 ? dottedModule : dottedModule[..firstDot];
        if (!result.Contains(NormalizePip(top))) result.Add(NormalizePip(top));
        if (firstDot >= 0)
        {
            // Namespace packages: google.cloud.storage is google-cloud-storage, azure.identity is azure-identity.
            var parts = dottedModule.Split('.');
            for (int n = Math.Min(parts.Length, 3); n >= 2; n--)
            {
                string dashed = NormalizePip(string.Join("-", parts.Take(n)));
                if (!result.Contains(dashed)) result.Add(dashed);
            }
        }
        return result;
    }

    /// <summary>The package name a quick fix adds for a Python import (as PyPI spells it).</summary>
    public static string PipPackageFor(string dottedModule)
    {
        string prefix = dottedModule;
        while (true)
        {
            if (PipPackagesByImport.TryGetValue(prefix, out var packages)) return packages[0];
            int dot = prefix.LastIndexOf('.');
            if (dot < 0) break;
            prefix = prefix[..dot];
        }
        int firstDot = dottedModule.IndexOf('.');
        return firstDot < 0 ? dottedModule : dottedModule[..firstDot];
    }

    public static bool IsIndirectPip(string normalizedName) => IndirectPipPackages.Contains(normalizedName);

    // ───────────── npm and Node ─────────────

    /// <summary>Node's built-in modules (Node 20), importable with or without the <c>node:</c> prefix.</summary>
    public static readonly IReadOnlySet<string> NodeBuiltins = new HashSet<string>(StringComparer.Ordinal)
    {
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
        "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module", "net",
        "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream",
        "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    };

    /// <summary>
    /// The npm package of a module specifier (<c>lodash/fp</c> → <c>lodash</c>, <c>@a/b/c</c> → <c>@a/b</c>), or
    /// null when it needs no package: a relative or absolute path, a URL, or a Node built-in (with or without
    /// <c>node:</c>, subpaths such as <c>fs/promises</c> included).
    /// </summary>
    public static string? NpmPackageOf(string specifier)
    {
        if (specifier.Length == 0 || specifier[0] is '.' or '/' || specifier.Contains("://", StringComparison.Ordinal)) return null;
        if (specifier.StartsWith("node:", StringComparison.Ordinal)) return null;
        var parts = specifier.Split('/');
        if (specifier[0] == '@') return parts.Length >= 2 ? parts[0] + "/" + parts[1] : specifier;
        return NodeBuiltins.Contains(parts[0]) ? null : parts[0];
    }
}
