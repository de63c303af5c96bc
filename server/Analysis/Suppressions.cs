// Suppression comments (`codenode: ignore[CODE]` on a line, `codenode: ignore-file[CODE]` for a file) and their quick fixes.
using System.Text.RegularExpressions;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Analysis;

/// <summary>How a document writes comments, which decides how suppressions are written (docs/suppressions.md).</summary>
public enum CommentStyle
{
    /// <summary>No comments (JSON): nothing can be suppressed by a comment.</summary>
    None,
    /// <summary>Python: <c># codenode: ignore[PF101]</c>.</summary>
    Hash,
    /// <summary>TypeScript: <c>// codenode: ignore[SA040]</c>.</summary>
    Slash,
    /// <summary>
    /// A pflow workflow: <c>#</c> comments on lines of Python or YAML blocks and on <c>- key: value</c> bullets (pflow
    /// reads those as Python and YAML, where they are comments); for the file an HTML comment
    /// <c>&lt;!-- codenode: ignore-file[PF101] --&gt;</c>, which pflow reads as description prose.
    /// </summary>
    PflowMarkdown,
}

/// <summary>
/// A line comment silences the listed codes (all codes when no list) for diagnostics that start on its line; it
/// must end the line, so text inside a string literal that merely contains the words does not count. A file
/// comment, alone on its line anywhere in the file, silences the listed codes (or all) in the whole file.
/// </summary>
public static partial class Suppressions
{
    public const string Marker = "codenode";

    [GeneratedRegex(@"(?<lead>#|//)[ \t]*codenode[ \t]*:[ \t]*ignore(?<list>\[(?<codes>[A-Za-z0-9_, \t]*)\])?[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^[ \t]*(?:#|//|<!--)[ \t]*codenode[ \t]*:[ \t]*ignore-file(?<list>\[(?<codes>[A-Za-z0-9_, \t]*)\])?[ \t]*(?:-->)?[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FilePattern();

    /// <summary>What the comments of one document silence: codes per line and for the whole file (null list = all).</summary>
    public sealed class Set
    {
        public Dictionary<int, HashSet<string>?> Lines { get; } = [];
        public HashSet<string>? File { get; set; }
        public bool WholeFile { get; set; }
        public bool IsEmpty => Lines.Count == 0 && File is null && !WholeFile;

        public bool Silences(int line, string code) =>
            WholeFile || (File?.Contains(code) ?? false)
            || (Lines.TryGetValue(line, out var codes) && (codes is null || codes.Contains(code)));
    }

    /// <summary>Reads the suppression comments of a text. Only lines holding "codenode" are looked at.</summary>
    public static Set Read(SourceText text, CommentStyle style)
    {
        var set = new Set();
        if (style == CommentStyle.None) return set;
        string s = text.Text;
        int lastLine = -1;
        for (int at = s.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = s.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal))
        {
            int line = text.LineOf(at);
            if (line == lastLine) continue;
            lastLine = line;
            string lineText = text.LineText(line);
            var file = FilePattern().Match(lineText);
            if (file.Success)
            {
                var codes = Codes(file);
                if (codes is null) set.WholeFile = true;
                else (set.File ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(codes);
                continue;
            }
            var m = LinePattern().Match(lineText);
            if (!m.Success || m.Groups["lead"].Value != Lead(style)) continue;
            var lineCodes = Codes(m);
            if (lineCodes is null || !set.Lines.TryGetValue(line, out var existing)) set.Lines[line] = lineCodes;
            else existing?.UnionWith(lineCodes);
        }
        return set;
    }

    private static HashSet<string>? Codes(Match m)
    {
        if (!m.Groups["list"].Success) return null;
        var codes = m.Groups["codes"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToUpperInvariant());
        return new HashSet<string>(codes, StringComparer.Ordinal);
    }

    private static string Lead(CommentStyle style) => style == CommentStyle.Slash ? "//" : "#";

    /// <summary>The diagnostics no comment silences (the same list when nothing is silenced).</summary>
    public static IReadOnlyList<Diagnostic> Apply(SourceText text, CommentStyle style, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0 || style == CommentStyle.None || !text.Text.Contains(Marker, StringComparison.Ordinal)) return diagnostics;
        var set = Read(text, style);
        if (set.IsEmpty) return diagnostics;
        var kept = new List<Diagnostic>(diagnostics.Count);
        foreach (var d in diagnostics)
            if (!set.Silences(text.LineOf(Math.Min(d.Span.Start, text.Length)), d.Code)) kept.Add(d);
        return kept;
    }

    /// <summary>
    /// "Ignore CODE on this line": adds the code to the line's comment, or appends one. Null where a comment cannot
    /// go on that line (JSON; in a workflow, a line that is not Python, YAML or a bullet).
    /// </summary>
    public static Fix? LineFix(SourceText text, CommentStyle style, TextSpan span, string code)
    {
        if (style == CommentStyle.None) return null;
        int line = text.LineOf(Math.Min(span.Start, text.Length));
        if (style == CommentStyle.PflowMarkdown && !PflowLineTakesComment(text, line)) return null;
        string lineText = text.LineText(line);
        int lineStart = text.LineStart(line);
        string title = $"Ignore {code} on this line";
        var m = LinePattern().Match(lineText);
        if (m.Success && m.Groups["lead"].Value == Lead(style))
        {
            if (!m.Groups["list"].Success) return null; // Already silences every code on the line.
            var list = m.Groups["list"];
            string codes = m.Groups["codes"].Value.Trim();
            string inner = codes.Length == 0 ? code : codes + ", " + code;
            return new Fix(title, [new TextEdit(new TextSpan(lineStart + list.Index, list.Length), $"[{inner}]")]);
        }
        string trimmed = lineText.TrimEnd();
        string gap = trimmed.Length == 0 ? "" : "  ";
        return new Fix(title, [new TextEdit(new TextSpan(lineStart + trimmed.Length, lineText.Length - trimmed.Length), $"{gap}{Lead(style)} codenode: ignore[{code}]")]);
    }

    /// <summary>"Ignore CODE in this file": adds the code to the file comment, or inserts one near the top.</summary>
    public static Fix? FileFix(SourceText text, CommentStyle style, string code)
    {
        if (style == CommentStyle.None) return null;
        string title = $"Ignore {code} in this file";
        string s = text.Text;
        for (int at = s.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = s.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal))
        {
            int line = text.LineOf(at);
            var m = FilePattern().Match(text.LineText(line));
            if (!m.Success) continue;
            if (!m.Groups["list"].Success) return null;
            var list = m.Groups["list"];
            string codes = m.Groups["codes"].Value.Trim();
            return new Fix(title, [new TextEdit(new TextSpan(text.LineStart(line) + list.Index, list.Length), $"[{(codes.Length == 0 ? code : codes + ", " + code)}]")]);
        }
        string comment = style switch
        {
            CommentStyle.PflowMarkdown => $"<!-- codenode: ignore-file[{code}] -->",
            _ => $"{Lead(style)} codenode: ignore-file[{code}]",
        };
        int insertLine = FileCommentLine(text, style);
        if (insertLine >= text.LineCount)
        {
            string lead = s.Length > 0 && s[^1] != '\n' ? "\n" : "";
            return new Fix(title, [new TextEdit(new TextSpan(s.Length, 0), lead + comment + "\n")]);
        }
        return new Fix(title, [new TextEdit(new TextSpan(text.LineStart(insertLine), 0), comment + "\n")]);
    }

    /// <summary>
    /// Where a new file comment goes: after a shebang, an encoding line or a codenode pragma (which must stay first);
    /// in a workflow, after the frontmatter and the <c># Title</c> line.
    /// </summary>
    private static int FileCommentLine(SourceText text, CommentStyle style)
    {
        if (style == CommentStyle.PflowMarkdown)
        {
            int line = 0;
            if (text.LineCount > 0 && text.LineText(0).TrimEnd() == "---")
            {
                for (int i = 1; i < text.LineCount; i++)
                    if (text.LineText(i).TrimEnd() == "---") { line = i + 1; break; }
            }
            for (int i = line; i < text.LineCount; i++)
            {
                string t = text.LineText(i);
                if (t.StartsWith("# ", StringComparison.Ordinal)) return i + 1;
                if (t.StartsWith("##", StringComparison.Ordinal)) break;
            }
            return line;
        }
        int at = 0;
        while (at < text.LineCount && at < 3)
        {
            string t = text.LineText(at).TrimStart('\uFEFF').TrimStart();
            bool keepFirst = t.StartsWith("#!", StringComparison.Ordinal) || Regex.IsMatch(t, @"^#.*coding[:=]")
                || Regex.IsMatch(t, @"^(#|//)[ \t]*codenode[ \t]*:[ \t]*[a-z]+[ \t]*$");
            if (!keepFirst) break;
            at++;
        }
        return at;
    }

    /// <summary>
    /// In a workflow a <c>#</c> comment may end a line of a Python or YAML fenced block or of a <c>- key: value</c>
    /// bullet: pflow reads those as Python or YAML, where it is a comment. Elsewhere (prose, headings, other blocks)
    /// it would become text pflow reads, so no line comment is offered there.
    /// </summary>
    public static bool PflowLineTakesComment(SourceText text, int line)
    {
        string? fence = null;
        bool commentable = false;
        for (int i = 0; i < line; i++)
        {
            string t = text.LineText(i).TrimStart();
            if (fence is null)
            {
                var m = Regex.Match(t, @"^(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+-]*)");
                if (!m.Success) continue;
                fence = m.Groups[1].Value;
                string info = m.Groups[2].Value.ToLowerInvariant();
                commentable = info is "python" or "py" or "yaml" or "yml";
            }
            else if (t.StartsWith(fence, StringComparison.Ordinal) && t.TrimEnd().Trim(fence[0]).Length == 0)
            {
                fence = null;
            }
        }
        string current = text.LineText(line);
        if (fence is not null) return commentable && !current.TrimStart().StartsWith(fence, StringComparison.Ordinal);
        return Regex.IsMatch(current, @"^[ \t]*- [A-Za-z_][\w-]*[ \t]*:");
    }
}
