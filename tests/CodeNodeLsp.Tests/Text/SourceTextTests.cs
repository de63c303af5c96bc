// Line index tests: CRLF, lone CR, surrogate pairs, positions past the end of a line or the file.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Text;

public class SourceTextTests
{
    [Fact]
    public void LineStarts_CountCrLfLoneCrAndLf()
    {
        var t = SourceText.From("a\r\nb\rc\nd");
        Assert.Equal(4, t.LineCount);
        Assert.Equal(new LinePosition(1, 0), t.PositionOf(3));
        Assert.Equal(new LinePosition(2, 0), t.PositionOf(5));
        Assert.Equal(new LinePosition(3, 0), t.PositionOf(7));
        Assert.Equal("b", t.LineText(1));
    }

    [Fact]
    public void OffsetOf_ClampsPastEndOfLineAndFile()
    {
        var t = SourceText.From("ab\r\ncd");
        Assert.Equal(2, t.OffsetOf(new LinePosition(0, 99)));
        Assert.Equal(6, t.OffsetOf(new LinePosition(7, 0)));
    }

    [Fact]
    public void SurrogatePair_CountsAsTwoUtf16Units()
    {
        var t = SourceText.From("x = '😀'\ny");
        Assert.Equal(new LinePosition(1, 0), t.PositionOf(t.Text.IndexOf('y')));
        Assert.Equal(8, t.LineEnd(0));
    }

    [Fact]
    public void WithEdits_AppliesNonOverlappingEditsInOffsetOrder()
    {
        var t = SourceText.From("hello world");
        var r = t.WithEdits([new TextEdit(new TextSpan(6, 5), "there"), new TextEdit(new TextSpan(0, 5), "hi")]);
        Assert.Equal("hi there", r.Text);
    }
}
