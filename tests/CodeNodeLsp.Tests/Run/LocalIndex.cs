// A package index and npm registry on 127.0.0.1 for the dependency tests: wheels and tarballs the tests build themselves.
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

/// <summary>
/// A tiny HTTP/1.1 server on a loopback port: <c>/simple/NAME/</c> (PEP 503 pages listing wheels),
/// <c>/files/WHEEL</c>, <c>/NAME</c> (npm packuments) and <c>/tarballs/FILE</c>. <see cref="Stall"/> makes it accept
/// connections and never answer, like an index that hangs. No network other than loopback is used.
/// </summary>
public sealed class LocalIndex : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, List<(string Version, string File)>> _wheels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Version, string File)>> _npm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _requests;

    public LocalIndex()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoop();
    }

    public int Port { get; }
    public string SimpleUrl => $"http://127.0.0.1:{Port}/simple/";
    public string RegistryUrl => $"http://127.0.0.1:{Port}/";
    /// <summary>When true, connections are accepted and never answered.</summary>
    public bool Stall { get; set; }
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A port on which nothing listens (bound, then closed): connecting there is refused at once.</summary>
    public static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Builds a pure-Python wheel of <paramref name="dist"/> (import name = dist with '-' → '_') and serves it.</summary>
    public void AddWheel(string dist, string version, int paddingBytes = 0, string? body = null)
    {
        var module = dist.Replace('-', '_');
        var file = $"{module}-{version}-py3-none-any.whl";
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }
            Add($"{module}/__init__.py", body ?? $"VERSION = \"{version}\"\n");
            if (paddingBytes > 0) Add($"{module}/padding.txt", new string('x', paddingBytes));
            var info = $"{module}-{version}.dist-info";
            Add($"{info}/METADATA", $"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n\n");
            Add($"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: codenode-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            Add($"{info}/top_level.txt", module + "\n");
            Add($"{info}/RECORD", $"{module}/__init__.py,,\n{info}/METADATA,,\n{info}/WHEEL,,\n{info}/top_level.txt,,\n{info}/RECORD,,\n");
        }
        lock (_gate)
        {
            _files["/files/" + file] = memory.ToArray();
            var key = dist.ToLowerInvariant();
            if (!_wheels.TryGetValue(key, out var list)) _wheels[key] = list = [];
            list.Add((version, file));
        }
    }

    /// <summary>Builds an npm tarball (<c>package/package.json</c>, <c>package/index.js</c>) and serves it with a packument.</summary>
    public void AddNpm(string name, string version, string indexJs)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar))
        {
            void Add(string path, string text)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = (UnixFileMode)0b110_100_100 };
                tar.WriteEntry(entry);
            }
            Add("package/package.json", new JObject { ["name"] = name, ["version"] = version, ["main"] = "index.js" }.ToString());
            Add("package/index.js", indexJs);
        }
        lock (_gate)
        {
            var file = $"/tarballs/{name.Replace('/', '-')}-{version}.tgz";
            _files[file] = memory.ToArray();
            if (!_npm.TryGetValue(name, out var list)) _npm[name] = list = [];
            list.Add((version, file));
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var requestLine = await reader.ReadLineAsync(_stop.Token);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token))) { }
            Interlocked.Increment(ref _requests);
            if (Stall)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            var path = Uri.UnescapeDataString((requestLine ?? "").Split(' ') is [_, var p, ..] ? p : "/");
            var (status, type, body) = Answer(path);
            var head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private (string Status, string Type, byte[] Body) Answer(string path)
    {
        lock (_gate)
        {
            if (_files.TryGetValue(path, out var bytes)) return ("200 OK", "application/octet-stream", bytes);
            if (path.StartsWith("/simple/", StringComparison.Ordinal))
            {
                var name = path["/simple/".Length..].TrimEnd('/').ToLowerInvariant().Replace('_', '-').Replace('.', '-');
                if (!_wheels.TryGetValue(name, out var list)) return ("404 Not Found", "text/plain", "not found"u8.ToArray());
                var links = string.Join("\n", list.Select(w => $"<a href=\"/files/{w.File}#sha256={Sha256Hex(_files["/files/" + w.File])}\">{w.File}</a><br/>"));
                return ("200 OK", "text/html", Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body>\n{links}\n</body></html>"));
            }
            var npmName = path.TrimStart('/');
            if (_npm.TryGetValue(npmName, out var versions))
            {
                var all = new JObject();
                foreach (var (version, file) in versions)
                {
                    var data = _files[file];
                    all[version] = new JObject
                    {
                        ["name"] = npmName, ["version"] = version,
                        ["dist"] = new JObject
                        {
                            ["tarball"] = $"http://127.0.0.1:{Port}{file}",
                            ["shasum"] = Convert.ToHexString(SHA1.HashData(data)).ToLowerInvariant(),
                            ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(data)),
                        },
                    };
                }
                var doc = new JObject { ["name"] = npmName, ["dist-tags"] = new JObject { ["latest"] = versions[^1].Version }, ["versions"] = all };
                return ("200 OK", "application/json", Encoding.UTF8.GetBytes(doc.ToString()));
            }
            return ("404 Not Found", "application/json", "{\"error\":\"Not found\"}"u8.ToArray());
        }
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
