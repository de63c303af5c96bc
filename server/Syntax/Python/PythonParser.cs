// Entry point of the error-tolerant Python parser (the implementation is being built under the parser issue).
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

public static class PythonParser
{
    /// <summary>Parses the whole text.</summary>
    public static ParseResult Parse(string text, ParseOptions? options = null) =>
        Parse(text, new TextSpan(0, text.Length), options);

    /// <summary>
    /// Parses only <paramref name="range"/> of <paramref name="text"/>; every span in the result is an offset in
    /// <paramref name="text"/>. Never throws on any input.
    /// </summary>
    public static ParseResult Parse(string text, TextSpan range, ParseOptions? options = null)
    {
        // Placeholder until the real parser lands: an empty module keeps callers compiling.
        return new ParseResult
        {
            Module = new Module { Span = range },
            Tokens = [],
            Errors = [],
            Text = text,
            Range = range,
        };
    }
}
