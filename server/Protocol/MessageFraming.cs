// LSP's base protocol framing: "Content-Length: N\r\n\r\n" followed by N bytes of UTF-8 JSON, read and written here.
using System.Text;
using Microsoft.Extensions.Logging;

namespace CodeNodeLsp.Protocol;

/// <summary>
/// Reads framed messages from a byte stream. Headers may come in any order and with extra fields; the body
/// length is counted in bytes, so multibyte characters and messages split or merged across reads are handled.
/// A broken header block is logged and skipped, and reading resumes at the next header, so one bad message
/// never stops the server.
/// </summary>
public sealed class MessageReader
{
    /// <summary>A header block longer than this without its blank line is garbage; it is dropped and reading resyncs.</summary>
    public const int MaxHeaderBytes = 64 * 1024;
    /// <summary>Bodies above this are refused (the server keeps running; the message is skipped).</summary>
    public const int MaxBodyBytes = 256 * 1024 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly Stream _input;
    private readonly ILogger? _log;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public MessageReader(Stream input, ILogger? log = null)
    {
        _input = input;
        _log = log;
    }

    /// <summary>
    /// The next message body as a string, or null at the end of the input. Broken framing is logged and skipped.
    /// </summary>
    public string? Read()
    {
        while (true)
        {
            int headerEnd = IndexOf(HeaderEnd, _start, _end);
            if (headerEnd < 0)
            {
                if (_end - _start > MaxHeaderBytes)
                {
                    _log?.LogError("Dropped {Count} bytes that are not an LSP header (no blank line after the headers).", _end - _start - 3);
                    // Keep the last three bytes: they may be the start of a "\r\n\r\n" split across reads.
                    _start = _end - 3;
                }
                if (!Fill()) return null;
                continue;
            }

            int? length = ParseHeaders(_start, headerEnd, out string? problem);
            _start = headerEnd + HeaderEnd.Length;
            if (length is null)
            {
                _log?.LogError("Skipped a message with a bad header: {Problem}", problem);
                continue;
            }

            while (_end - _start < length.Value)
            {
                if (!Fill()) return null;
            }
            string body = Encoding.UTF8.GetString(_buffer, _start, length.Value);
            _start += length.Value;
            return body;
        }
    }

    /// <summary>
    /// Finds Content-Length among the header lines. A line that is not "Name: value" is tolerated when it ends in a
    /// Content-Length header (garbage glued in front of a real header, which is how resync after junk works).
    /// </summary>
    private int? ParseHeaders(int from, int to, out string? problem)
    {
        problem = null;
        int? length = null;
        string text = Encoding.ASCII.GetString(_buffer, from, to - from);
        foreach (string rawLine in text.Split("\r\n"))
        {
            int at = rawLine.LastIndexOf("content-length", StringComparison.OrdinalIgnoreCase);
            int colon = rawLine.IndexOf(':', at < 0 ? 0 : at);
            if (colon < 0) continue;
            if (at >= 0 && colon > at)
            {
                string value = rawLine[(colon + 1)..].Trim();
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                {
                    problem = $"Content-Length is not a number: '{value}'";
                    return null;
                }
                if (n > MaxBodyBytes)
                {
                    problem = $"Content-Length {n} is larger than the limit of {MaxBodyBytes} bytes";
                    return null;
                }
                length = n;
            }
            else if (rawLine.StartsWith("content-type", StringComparison.OrdinalIgnoreCase))
            {
                int cs = rawLine.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
                if (cs >= 0)
                {
                    string charset = rawLine[(cs + 8)..].Trim().Trim('"').TrimEnd(';');
                    if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                        _log?.LogWarning("Content-Type charset '{Charset}' is not supported; reading the body as UTF-8.", charset);
                }
            }
        }
        if (length is null) problem = "no Content-Length header";
        return length;
    }

    private bool Fill()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            int live = _end - _start;
            if (_start > 0 && live < _buffer.Length / 2)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            }
            else
            {
                var bigger = new byte[_buffer.Length * 2];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
                _buffer = bigger;
            }
            _start = 0;
            _end = live;
        }
        int n = _input.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0) return false;
        _end += n;
        return true;
    }

    private int IndexOf(byte[] needle, int from, int to)
    {
        return _buffer.AsSpan(from, to - from).IndexOf(needle) is var i and >= 0 ? from + i : -1;
    }
}

/// <summary>Writes framed messages. Callers serialise access (the connection holds the one writer lock).</summary>
public sealed class MessageWriter
{
    private readonly Stream _output;

    public MessageWriter(Stream output) { _output = output; }

    public void Write(string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        byte[] header = Encoding.ASCII.GetBytes("Content-Length: " + bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n\r\n");
        _output.Write(header, 0, header.Length);
        _output.Write(bytes, 0, bytes.Length);
        _output.Flush();
    }
}
