// An immutable document text with a line index, so offsets and (line, UTF-16 character) pairs convert in O(log n).
namespace CodeNodeLsp.Text;

/// <summary>A zero-based line and UTF-16 character, as LSP counts them.</summary>
public readonly record struct LinePosition(int Line, int Character)
{
    public override string ToString() => $"{Line + 1}:{Character + 1}";
}

/// <summary>
/// The text of one document and where its lines start. Line breaks are "\n", "\r\n" and a lone "\r",
/// which is what LSP counts as line ends.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text ?? string.Empty;
        _lineStarts = ComputeLineStarts(Text);
    }

    public string Text { get; }
    public int Length => Text.Length;
    public int LineCount => _lineStarts.Length;

    public static SourceText From(string text) => new(text);

    /// <summary>The offset where a line starts; lines past the end clamp to the end of the text.</summary>
    public int LineStart(int line)
    {
        if (line < 0) return 0;
        return line >= _lineStarts.Length ? Text.Length : _lineStarts[line];
    }

    /// <summary>The offset just past the last character of the line, before its line break.</summary>
    public int LineEnd(int line)
    {
        if (line < 0) return 0;
        if (line >= _lineStarts.Length) return Text.Length;
        int end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        if (end > _lineStarts[line] && end <= Text.Length && end - 1 >= 0 && Text[end - 1] == '\n') end--;
        if (end > _lineStarts[line] && end - 1 >= 0 && Text[end - 1] == '\r') end--;
        return end;
    }

    public string LineText(int line) => Text[LineStart(line)..LineEnd(line)];

    /// <summary>The zero-based line containing an offset; offsets out of range are clamped.</summary>
    public int LineOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int idx = Array.BinarySearch(_lineStarts, offset);
        return idx >= 0 ? idx : ~idx - 1;
    }

    public LinePosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = LineOf(offset);
        return new LinePosition(line, offset - _lineStarts[line]);
    }

    /// <summary>
    /// The offset of a position. A character past the end of its line clamps to the line's end, and a line
    /// past the end of the text clamps to the end of the text, as the LSP specification asks.
    /// </summary>
    public int OffsetOf(LinePosition position)
    {
        if (position.Line < 0) return 0;
        if (position.Line >= _lineStarts.Length) return Text.Length;
        int start = _lineStarts[position.Line];
        int end = LineEnd(position.Line);
        return Math.Clamp(start + Math.Max(0, position.Character), start, end);
    }

    /// <summary>Applies edits given in offsets of this text; the edits must not overlap.</summary>
    public SourceText WithEdits(IEnumerable<TextEdit> edits)
    {
        var sorted = edits.OrderBy(e => e.Span.Start).ToList();
        if (sorted.Count == 0) return this;
        var sb = new System.Text.StringBuilder(Text.Length);
        int pos = 0;
        foreach (var e in sorted)
        {
            int start = Math.Clamp(e.Span.Start, pos, Text.Length);
            int end = Math.Clamp(e.Span.End, start, Text.Length);
            sb.Append(Text, pos, start - pos).Append(e.NewText);
            pos = end;
        }
        sb.Append(Text, pos, Text.Length - pos);
        return new SourceText(sb.ToString());
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int>(Math.Max(16, text.Length / 32)) { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }
}
