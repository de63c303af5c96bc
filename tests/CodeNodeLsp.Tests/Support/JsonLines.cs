// Reads the gzip-compressed JSON Lines files in which differential tests keep an oracle's recorded answers.
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CodeNodeLsp.Tests.Support;

public static class JsonLines
{
    /// <summary>Each non-empty line of the .jsonl.gz file at <paramref name="path"/>, parsed.</summary>
    public static IEnumerable<JsonElement> ReadGzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.Clone();
        }
    }
}
