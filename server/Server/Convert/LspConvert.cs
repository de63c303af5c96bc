// The only place that converts between internal offsets and LSP positions, and between analysis and LSP types.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;
using AnalysisDiagnostic = CodeNodeLsp.Analysis.Diagnostic;
using AnalysisSymbolKind = CodeNodeLsp.Analysis.SymbolKind;

namespace CodeNodeLsp.Server.Convert;

public static class LspConvert
{
    public static Position ToPosition(SourceText text, int offset)
    {
        var p = text.PositionOf(offset);
        return new Position(p.Line, p.Character);
    }

    public static LspRange ToRange(SourceText text, TextSpan span) =>
        new(ToPosition(text, span.Start), ToPosition(text, span.End));

    /// <summary>A range given as line positions already (a definition in another file).</summary>
    public static LspRange ToRange(LinePosition start, LinePosition end) =>
        new(new Position(start.Line, start.Character), new Position(end.Line, end.Character));

    /// <summary>An LSP position as an offset; positions past a line's end or the text's end are clamped (LSP asks for that).</summary>
    public static int ToOffset(SourceText text, Position position) =>
        text.OffsetOf(new LinePosition(position.Line, position.Character));

    public static TextSpan ToSpan(SourceText text, LspRange range)
    {
        int start = ToOffset(text, range.Start);
        int end = ToOffset(text, range.End);
        return end >= start ? TextSpan.FromBounds(start, end) : TextSpan.FromBounds(end, start);
    }

    /// <summary>
    /// Applies content changes in order (each range is in the text left by the previous change). A change without
    /// a range replaces the whole text. Ranges out of bounds are clamped rather than rejected.
    /// </summary>
    public static SourceText ApplyChanges(SourceText text, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = SourceText.From(change.Text ?? "");
                continue;
            }
            var span = ToSpan(text, change.Range);
            string s = text.Text;
            text = SourceText.From(string.Concat(s.AsSpan(0, span.Start), change.Text ?? "", s.AsSpan(span.End)));
        }
        return text;
    }

    public static LspTextEdit ToTextEdit(SourceText text, TextEdit edit) => new() { Range = ToRange(text, edit.Span), NewText = edit.NewText };

    /// <summary>
    /// Converts a diagnostic. <paramref name="otherText"/> gives the text of another file a fix edits
    /// (<see cref="Fix.Path"/>), as the analysis saw it; fixes whose file text is unknown are left out.
    /// </summary>
    public static LspDiagnostic ToDiagnostic(SourceText text, string uri, AnalysisDiagnostic d, Func<string, SourceText?>? otherText = null)
    {
        var result = new LspDiagnostic
        {
            Range = ToRange(text, d.Span),
            Severity = (int)d.Severity,
            Code = d.Code,
            CodeDescription = RuleDocs.Url(d.Code) is { } href ? new CodeDescription { Href = href } : null,
            Message = d.Message,
        };
        if (d.Unnecessary) result.Tags = [1];
        if (d.Related is { Count: > 0 } related)
        {
            result.RelatedInformation = related.Select(r => new DiagnosticRelatedInformation
            {
                Location = new Location { Uri = uri, Range = ToRange(text, r.Span) },
                Message = r.Message,
            }).ToList();
        }
        if (d.FixList.Count > 0)
        {
            var data = FixesToData(text, uri, d.FixList, otherText);
            if (data is not null) result.Data = data;
        }
        return result;
    }

    /// <summary>
    /// The fixes as they travel in <c>Diagnostic.data</c>:
    /// <c>{"fixes":[{"title","isPreferred","changes":{uri:[{range,newText}]}}]}</c>, already in LSP ranges so a
    /// code action is a copy, not a re-analysis.
    /// </summary>
    public static JObject? FixesToData(SourceText text, string uri, IReadOnlyList<Fix> fixes, Func<string, SourceText?>? otherText = null)
    {
        var list = new JArray();
        foreach (var f in fixes)
        {
            string fixUri = uri;
            var fixText = text;
            if (f.Path is not null)
            {
                var other = otherText?.Invoke(f.Path);
                if (other is null) continue;
                fixUri = new Uri(System.IO.Path.GetFullPath(f.Path)).AbsoluteUri;
                fixText = other;
            }
            var edits = new JArray(f.Edits.Select(e => JObject.FromObject(ToTextEdit(fixText, e), Protocol.LspJson.Serializer)));
            list.Add(new JObject
            {
                ["title"] = f.Title,
                ["isPreferred"] = f.IsPreferred,
                ["changes"] = new JObject { [fixUri] = edits },
            });
        }
        return list.Count == 0 ? null : new JObject { ["fixes"] = list };
    }

    /// <summary>LSP's CompletionItemKind values.</summary>
    public static int ToLsp(CompletionKind kind) => kind switch
    {
        CompletionKind.Text => 1,
        CompletionKind.Method => 2,
        CompletionKind.Function => 3,
        CompletionKind.Field => 5,
        CompletionKind.Variable => 6,
        CompletionKind.Module => 9,
        CompletionKind.Property => 10,
        CompletionKind.Value => 12,
        CompletionKind.Keyword => 14,
        CompletionKind.Snippet => 15,
        CompletionKind.Reference => 18,
        _ => 1,
    };

    /// <summary>LSP's SymbolKind values.</summary>
    public static int ToLsp(AnalysisSymbolKind kind) => kind switch
    {
        AnalysisSymbolKind.File => 1,
        AnalysisSymbolKind.Module => 2,
        AnalysisSymbolKind.Namespace => 3,
        AnalysisSymbolKind.Property => 7,
        AnalysisSymbolKind.Field => 8,
        AnalysisSymbolKind.Function => 12,
        AnalysisSymbolKind.Variable => 13,
        AnalysisSymbolKind.Object => 19,
        AnalysisSymbolKind.Key => 20,
        AnalysisSymbolKind.Event => 24,
        _ => 13,
    };

    public static CompletionItem ToCompletionItem(SourceText text, CompletionEntry e)
    {
        var item = new CompletionItem
        {
            Label = e.Label,
            Kind = ToLsp(e.Kind),
            Detail = e.Detail,
            Documentation = e.Documentation is null ? null : new MarkupContent { Value = e.Documentation },
            SortText = e.SortText,
            FilterText = e.FilterText,
            InsertTextFormat = e.IsSnippet ? 2 : null,
        };
        if (e.Replace is { } span) item.TextEdit = new LspTextEdit { Range = ToRange(text, span), NewText = e.InsertText ?? e.Label };
        else item.InsertText = e.InsertText;
        return item;
    }

    public static DocumentSymbol ToDocumentSymbol(SourceText text, SymbolEntry s) => new()
    {
        Name = s.Name.Length == 0 ? "(unnamed)" : s.Name,
        Detail = s.Detail,
        Kind = ToLsp(s.Kind),
        Range = ToRange(text, s.Span),
        // LSP requires the selection range to lie inside the full range.
        SelectionRange = ToRange(text, s.Span.Contains(s.SelectionSpan) ? s.SelectionSpan : s.Span),
        Children = s.Children is { Count: > 0 } children ? children.Select(c => ToDocumentSymbol(text, c)).ToList() : null,
    };

    public static CodeLens ToCodeLens(SourceText text, CodeLensEntry lens) => new()
    {
        Range = ToRange(text, lens.Span),
        Command = new Command
        {
            Title = lens.Title,
            CommandName = lens.Command,
            Arguments = lens.Arguments.Select(a => Protocol.LspJson.ToToken(a)).ToList(),
        }.ToJson(),
    };

    /// <summary>The semantic token legend: <see cref="TokenType"/> in order, as LSP's standard type names.</summary>
    public static readonly string[] SemanticTokenTypes = ["operator", "namespace", "parameter", "variable", "property"];

    /// <summary>The modifier legend: <see cref="TokenModifiers"/> bits in order (<c>unresolved</c> is ours; the extension maps it to a colour).</summary>
    public static readonly string[] SemanticTokenModifiers = ["unresolved"];

    /// <summary>
    /// LSP's relative encoding (line delta, start delta, length, type, modifiers) in UTF-16 positions. Tokens must be
    /// sorted and on one line each; a token crossing a line end is cut there.
    /// </summary>
    public static List<int> EncodeSemanticTokens(SourceText text, IReadOnlyList<SemanticToken> tokens)
    {
        var data = new List<int>(tokens.Count * 5);
        int lastLine = 0, lastChar = 0;
        foreach (var token in tokens)
        {
            if (token.Span.Start < 0 || token.Span.End > text.Length || token.Span.IsEmpty) continue;
            var start = text.PositionOf(token.Span.Start);
            int lineEnd = text.LineEnd(start.Line);
            int length = Math.Min(token.Span.End, lineEnd) - token.Span.Start;
            if (length <= 0 || start.Line < lastLine || (start.Line == lastLine && start.Character < lastChar)) continue;
            data.Add(start.Line - lastLine);
            data.Add(start.Line == lastLine ? start.Character - lastChar : start.Character);
            data.Add(length);
            data.Add((int)token.Type);
            data.Add((int)token.Modifiers);
            lastLine = start.Line;
            lastChar = start.Character;
        }
        return data;
    }

    public static JObject ToInlayHint(SourceText text, InlayHintEntry hint)
    {
        var position = ToPosition(text, hint.Offset);
        var result = new JObject
        {
            ["position"] = new JObject { ["line"] = position.Line, ["character"] = position.Character },
            ["label"] = hint.Label,
            ["paddingLeft"] = true,
        };
        if (hint.Tooltip is not null) result["tooltip"] = hint.Tooltip;
        return result;
    }
}
