// A half-open range of UTF-16 code units in a text: the one unit of position used inside the server.
namespace CodeNodeLsp.Text;

/// <summary>
/// A range [Start, Start + Length) of UTF-16 code units. C# string indices are UTF-16 code units,
/// which is also LSP's default position encoding, so no conversion is needed anywhere inside.
/// </summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
    public bool IsEmpty => Length == 0;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    /// <summary>True when offset lies in [Start, End]; the end is included so a cursor just after a token counts.</summary>
    public bool ContainsInclusive(int offset) => offset >= Start && offset <= End;

    public bool Contains(int offset) => offset >= Start && offset < End;

    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;

    public TextSpan Shift(int delta) => new(Start + delta, Length);

    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>A replacement of a span with new text; the unit of every fix and every incremental change.</summary>
public readonly record struct TextEdit(TextSpan Span, string NewText);
