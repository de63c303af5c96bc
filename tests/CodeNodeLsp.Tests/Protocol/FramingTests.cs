// Framing tests: messages split across reads, merged in one chunk, multibyte bodies, extra headers, bad headers and resync.
using System.Text;
using CodeNodeLsp.Protocol;

namespace CodeNodeLsp.Tests.Protocol;

public class FramingTests
{
    /// <summary>A stream that hands out its bytes in fixed-size pieces, as a pipe may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Frame(string body, string? extraHeaders = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return Encoding.ASCII.GetBytes($"{extraHeaders}Content-Length: {bytes.Length}\r\n\r\n").Concat(bytes).ToArray();
    }

    private static List<string> ReadAll(byte[] data, int chunk = 1 << 20)
    {
        var reader = new MessageReader(new ChunkedStream(data, chunk));
        var result = new List<string>();
        while (reader.Read() is { } body) result.Add(body);
        return result;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(4096)]
    public void Should_Handle_Multiple_Requests_In_Pieces(int chunk)
    {
        var data = Frame("{\"a\":1}").Concat(Frame("{\"b\":2}")).Concat(Frame("{\"c\":3}")).ToArray();
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], ReadAll(data, chunk));
    }

    [Fact]
    public void MultibyteBody_LengthCountsBytesNotCharacters()
    {
        string body = "{\"text\":\"h\u00e9llo \ud83d\ude00 \u4e16\u754c\"}";
        Assert.NotEqual(body.Length, Encoding.UTF8.GetByteCount(body));
        var data = Frame(body).Concat(Frame("{}")).ToArray();
        Assert.Equal([body, "{}"], ReadAll(data, 2));
    }

    [Fact]
    public void ExtraHeaders_InAnyOrderAndCase_AreTolerated()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"x\":1}");
        var data = Encoding.ASCII.GetBytes($"content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:   {bytes.Length}\r\nX-Other: 1\r\n\r\n").Concat(bytes).ToArray();
        Assert.Equal(["{\"x\":1}"], ReadAll(data));
    }

    [Fact]
    public void HeaderWithoutContentLength_IsSkippedAndTheNextMessageIsRead()
    {
        var data = Encoding.ASCII.GetBytes("Content-Type: text/plain\r\n\r\n").Concat(Frame("{\"ok\":true}")).ToArray();
        Assert.Equal(["{\"ok\":true}"], ReadAll(data));
    }

    [Fact]
    public void NonNumericContentLength_IsSkipped()
    {
        var data = Encoding.ASCII.GetBytes("Content-Length: ten\r\n\r\n").Concat(Frame("{\"ok\":1}")).ToArray();
        Assert.Equal(["{\"ok\":1}"], ReadAll(data));
    }

    [Fact]
    public void GarbageBeforeAHeader_IsDroppedAndReadingResyncs()
    {
        var garbage = new byte[] { 0, 1, 2, 0xff, 0xfe, (byte)'x', (byte)'y' };
        var data = garbage.Concat(Frame("{\"after\":1}")).ToArray();
        Assert.Equal(["{\"after\":1}"], ReadAll(data, 5));
    }

    [Fact]
    public void EndOfInputInsideABody_ReturnsNull()
    {
        var data = Encoding.ASCII.GetBytes("Content-Length: 100\r\n\r\n{\"short\":1}");
        Assert.Empty(ReadAll(data));
    }

    [Fact]
    public void HugeContentLength_IsRefusedWithoutAllocating()
    {
        var data = Encoding.ASCII.GetBytes("Content-Length: 99999999999\r\n\r\n").Concat(Frame("{}")).ToArray();
        Assert.Equal(["{}"], ReadAll(data));
    }

    [Fact]
    public void Writer_FramesWithByteLength()
    {
        var ms = new MemoryStream();
        new MessageWriter(ms).Write("{\"t\":\"\u00e9\"}");
        string written = Encoding.UTF8.GetString(ms.ToArray());
        Assert.Equal("Content-Length: 10\r\n\r\n{\"t\":\"\u00e9\"}", written);
    }

    [Fact]
    public void LongHeaderlessGarbage_IsDroppedAndTheReaderKeepsGoing()
    {
        var junk = Enumerable.Repeat((byte)'z', MessageReader.MaxHeaderBytes * 2).ToArray();
        var data = junk.Concat(Encoding.ASCII.GetBytes("\r\n\r\n")).Concat(Frame("{\"n\":1}")).ToArray();
        Assert.Equal(["{\"n\":1}"], ReadAll(data, 8192));
    }
}
