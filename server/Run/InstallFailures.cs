// Reads why pip or npm failed: a package the index does not have, or an index that cannot be reached; keeps the line that says it.
using System.Text.RegularExpressions;

namespace CodeNodeLsp.Run;

/// <summary>Why an install failed, and the installer's own line that shows it.</summary>
internal sealed record InstallFailure(bool Network, string Line, string Tool)
{
    /// <summary>
    /// The result's error: Stack AI's documented text for a package that could not be installed; for an
    /// unreachable index a text that says so (the platform documents no such case: its sandbox is online), so a
    /// network problem is never mistaken for a wrong package name.
    /// </summary>
    public string Message(IReadOnlyList<string> deps)
    {
        var list = string.Join(", ", deps);
        return Network
            ? Dependencies.FailurePrefix + $"the package index could not be reached, so {list} could not be installed. " +
              "This is a network or configuration problem of this machine (proxy, index URL, registry), not a wrong package name.\n" +
              Tool + ": " + Line
            : Dependencies.PackageFailureText + "\n" + list + "\n" + Tool + ": " + Line;
    }
}

internal static partial class InstallFailures
{
    /// <summary>Words of urllib3/requests/pip that mean the index was not reached.</summary>
    private static readonly string[] PipNetwork =
    [
        "NewConnectionError", "Failed to establish a new connection", "ConnectTimeoutError", "ReadTimeoutError", "Read timed out",
        "ProxyError", "SSLError", "Temporary failure in name resolution", "Name or service not known", "Connection refused",
        "Connection reset", "Network is unreachable", "No route to host", "RemoteDisconnected", "IncompleteRead",
    ];

    /// <summary>npm error codes that mean the registry was not reached.</summary>
    private static readonly string[] NpmNetworkCodes =
    [
        "ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPROXY",
        "ERR_SOCKET_TIMEOUT", "ESOCKETTIMEDOUT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "SELF_SIGNED_CERT_IN_CHAIN",
        "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ];

    [GeneratedRegex(@"^(?:npm (?:ERR!|error)) code (\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NpmCode();

    /// <summary>
    /// pip: its debug log (<c>--log</c>) says "Could not fetch URL …: connection error" when the index was not
    /// reached, although its console only says "No matching distribution found" (with <c>--retries 0</c>).
    /// </summary>
    public static InstallFailure Pip(ToolResult result, string log)
    {
        if (result.StartError != null) return new InstallFailure(false, result.StartError, "pip");
        var output = result.Stderr + "\n" + result.Stdout;
        if (output.Contains("No module named pip", StringComparison.Ordinal))
            return new InstallFailure(false, "pip is not installed for this interpreter (Debian: apt install python3-pip; else python -m ensurepip).", "pip");
        foreach (var text in new[] { log, output })
        {
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l =>
                (l.Contains("Could not fetch URL", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal) || l.Contains("error", StringComparison.Ordinal))
                && PipNetwork.Any(w => l.Contains(w, StringComparison.Ordinal)));
            if (line != null) return new InstallFailure(true, Shorten(Reason(StripLogPrefix(line))), "pip");
        }
        var errors = result.Stderr.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).ToList();
        var relevant = errors.Count > 0 ? string.Join("\n", errors.TakeLast(3)) : result.Tail(6);
        return new InstallFailure(false, relevant, "pip");
    }

    /// <summary>npm: the <c>code</c> line decides; the kept line is the one with the request or the reason.</summary>
    public static InstallFailure Npm(ToolResult result)
    {
        if (result.StartError != null) return new InstallFailure(false, result.StartError, "npm");
        var output = result.Stderr + "\n" + result.Stdout;
        var code = NpmCode().Match(output) is { Success: true } m ? m.Groups[1].Value : null;
        var lines = output.Split('\n').Select(l => Regex.Replace(l, @"^npm (?:ERR!|error) ?", "").Trim()).Where(l => l.Length > 0).ToList();
        bool network = code != null && NpmNetworkCodes.Contains(code, StringComparer.Ordinal)
                       || lines.Any(l => l.StartsWith("network ", StringComparison.Ordinal));
        string? line = lines.FirstOrDefault(l => l.Contains("FetchError", StringComparison.Ordinal) || l.StartsWith("network request", StringComparison.Ordinal)
                                                 || l.StartsWith("request to", StringComparison.Ordinal))
                       ?? lines.FirstOrDefault(l => l.StartsWith("404", StringComparison.Ordinal) || l.StartsWith("No matching version", StringComparison.Ordinal)
                                                    || l.Contains("is not in this registry", StringComparison.Ordinal))
                       ?? lines.FirstOrDefault(l => !l.StartsWith("code ", StringComparison.Ordinal) && !l.StartsWith("errno", StringComparison.Ordinal)
                                                    && !l.StartsWith("syscall", StringComparison.Ordinal) && !l.StartsWith("A complete log", StringComparison.Ordinal));
        line ??= result.Tail(3);
        if (code != null) line = $"{line} ({code})";
        return new InstallFailure(network, Shorten(line), "npm");
    }

    [GeneratedRegex(@"\[Errno -?\d+\][^'"")]*|Read timed out|timed out|Temporary failure in name resolution|Name or service not known", RegexOptions.CultureInvariant)]
    private static partial Regex SocketReason();

    /// <summary>
    /// urllib3's chain of wrapped errors cut to what matters: "Could not fetch URL X: connection error: [Errno 111]
    /// Connection refused" instead of the pool, the retry count and an object's address.
    /// </summary>
    private static string Reason(string line)
    {
        var reasons = SocketReason().Matches(line);
        if (reasons.Count == 0) return line;
        int cut = line.IndexOf(": connection error:", StringComparison.Ordinal);
        var head = cut > 0 ? line[..(cut + ": connection error".Length)] : line.Split(':')[0];
        return head + ": " + reasons[^1].Value.Trim();
    }

    /// <summary>pip's log lines start with a timestamp; the message is what follows it.</summary>
    private static string StripLogPrefix(string line) => Regex.Replace(line, @"^\d{4}-\d\d-\d\dT[0-9:.,]+Z?\s+", "");

    private static string Shorten(string line) => line.Length > 400 ? line[..400] + "…" : line;
}
