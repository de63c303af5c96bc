// Renders a Code Step's {{ns.path}} placeholders into executable Python, with a map back to the user's text.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>One rendered placeholder: where it was in the user's text and where its replacement is in the code.</summary>
public readonly record struct RenderSegment(TextSpan User, TextSpan Rendered, string Path);

/// <summary>
/// The executable code of a step and the map between its offsets and the user's. Outside placeholders the two
/// texts are identical, so an offset moves by the length differences of the placeholders before it.
/// </summary>
public sealed class RenderedStep
{
    private readonly string _userText;
    private SourceText? _codeLines;
    private SourceText? _userLines;

    internal RenderedStep(string code, string userText, IReadOnlyList<RenderSegment> segments)
    {
        Code = code;
        _userText = userText;
        Segments = segments;
    }

    /// <summary>Python code where every placeholder reads or writes <see cref="VoxworksRenderer.VariablesName"/>.</summary>
    public string Code { get; }

    /// <summary>The rendered placeholders in text order.</summary>
    public IReadOnlyList<RenderSegment> Segments { get; }

    /// <summary>
    /// The user's offset for an offset in <see cref="Code"/>. An offset inside a placeholder's replacement maps
    /// to the start of the placeholder, so an error inside the lookup points at the placeholder the user wrote.
    /// </summary>
    public int ToUserOffset(int renderedOffset) => Map(renderedOffset, s => s.Rendered, s => s.User, _userText.Length);

    /// <summary>The offset in <see cref="Code"/> for a user's offset; inside a placeholder it maps to its replacement's start.</summary>
    public int ToRenderedOffset(int userOffset) => Map(userOffset, s => s.User, s => s.Rendered, Code.Length);

    // Finds the last segment starting at or before the offset (binary search); outside segments both texts agree.
    private int Map(int offset, Func<RenderSegment, TextSpan> from, Func<RenderSegment, TextSpan> to, int targetLength)
    {
        int lo = 0, hi = Segments.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (from(Segments[mid]).Start <= offset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return Math.Clamp(offset, 0, targetLength);
        TextSpan source = from(Segments[found]), target = to(Segments[found]);
        if (offset < source.End) return target.Start;
        return Math.Clamp(target.End + (offset - source.End), 0, targetLength);
    }

    /// <summary>
    /// The user's zero-based line for a zero-based line of <see cref="Code"/> (Python reports "line N" in the code
    /// it ran). Replacements never contain line breaks, so this differs only when a placeholder spans lines.
    /// </summary>
    public int ToUserLine(int renderedLine)
    {
        _codeLines ??= new SourceText(Code);
        _userLines ??= new SourceText(_userText);
        return _userLines.LineOf(ToUserOffset(_codeLines.LineStart(renderedLine)));
    }
}

/// <summary>
/// What the runner gets for a step: the validation (its diagnostics are what the editor shows) and, only when the
/// validator found no error, the rendered code. There is no way to render a refused step through this type.
/// </summary>
public sealed class PreparedStep
{
    private PreparedStep(VoxworksValidation validation, RenderedStep? rendered)
    {
        Validation = validation;
        Rendered = rendered;
    }

    public VoxworksValidation Validation { get; }

    /// <summary>The executable code, or null when the step is refused.</summary>
    public RenderedStep? Rendered { get; }

    public bool CanRun => Rendered != null;

    /// <summary>The same two stages as the platform: validate the step as written, then render its placeholders.</summary>
    public static PreparedStep Prepare(string text, NodeContext context, SampleSet? samples = null)
    {
        var validation = VoxworksValidator.Validate(text, context, samples);
        return new PreparedStep(validation, validation.CanRun ? VoxworksRenderer.Render(validation.Parse) : null);
    }
}

/// <summary>
/// Replaces each <c>{{ns.path}}</c> token outside string literals with <c>__vx_vars["ns.path"]</c>: a subscript
/// is an atom and an assignment target, so reads, writes, augmented writes and tuple targets keep their meaning.
/// The runner's harness defines <c>__vx_vars</c> as the canonical variable map (reads look variables up; writes
/// update them, creating nested dicts for <c>custom.</c> paths). User code can never name it, because the
/// validator refuses every name that starts with '_'. Quoted placeholders are string contents, not tokens, so
/// they stay literal. Pure: the same parse always renders the same code.
/// </summary>
public static class VoxworksRenderer
{
    /// <summary>The name of the variable map in the rendered code; the harness must define it.</summary>
    public const string VariablesName = "__vx_vars";

    public static RenderedStep Render(ParseResult parse)
    {
        string text = parse.Text;
        var code = new StringBuilder(text.Length + 64);
        var segments = new List<RenderSegment>();
        int pos = parse.Range.Start;
        code.Append(text, 0, pos);
        foreach (var token in parse.Tokens)
        {
            if (token.Kind != TokenKind.Placeholder) continue;
            var span = token.Span;
            if (span.Start < pos || span.End > text.Length) continue;
            code.Append(text, pos, span.Start - pos);
            string path = PathOf(text.Substring(span.Start, span.Length));
            int renderedStart = code.Length;
            code.Append(VariablesName).Append("[\"");
            AppendEscaped(code, path);
            code.Append("\"]");
            segments.Add(new RenderSegment(span, TextSpan.FromBounds(renderedStart, code.Length), path));
            pos = span.End;
        }
        code.Append(text, pos, text.Length - pos);
        return new RenderedStep(code.ToString(), text, segments);
    }

    /// <summary>The path inside a placeholder token: the text between the braces, trimmed.</summary>
    public static string PathOf(string tokenText)
    {
        string inner = tokenText;
        if (inner.StartsWith("{{", StringComparison.Ordinal)) inner = inner[2..];
        if (inner.EndsWith("}}", StringComparison.Ordinal)) inner = inner[..^2];
        return inner.Trim();
    }

    /// <summary>
    /// Writes a path into a Python string literal. Only letters, digits, '_' and '.' are copied; anything else is
    /// a \uXXXX escape, so no path can close the literal, start a new line or inject code, whatever the parser
    /// accepted as a placeholder.
    /// </summary>
    private static void AppendEscaped(StringBuilder sb, string path)
    {
        foreach (char c in path)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.') sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("x4"));
        }
    }
}
