// Entry point of the error-tolerant Python parser (the implementation is in Parser*.cs and PythonLexer.cs).
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
    public static ParseResult Parse(string text, TextSpan range, ParseOptions? options = null) =>
        Parser.Run(text, range, options);
}
