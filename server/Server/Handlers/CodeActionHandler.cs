// textDocument/codeAction: quick fixes carried in each diagnostic's data, "Ignore RULE on this line / in this file", and source.fixAll.codenode.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class CodeActionHandler : RequestHandler<CodeActionParams, List<CodeAction>>
{
    public const string QuickFix = "quickfix";
    /// <summary>The fix-all kind; <c>editor.codeActionsOnSave: {"source.fixAll.codenode": "explicit"}</c> asks for it.</summary>
    public const string FixAll = "source.fixAll.codenode";

    public override string Method => Methods.CodeAction;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.CodeActionProvider = new JObject { ["codeActionKinds"] = new JArray(QuickFix, FixAll) };

    /// <summary>True when the client's <c>only</c> filter lets actions of <paramref name="kind"/> through (LSP kinds are dotted prefixes).</summary>
    private static bool Wanted(List<string>? only, string kind) =>
        only is not { Count: > 0 } || only.Any(k => k == kind || kind.StartsWith(k + ".", StringComparison.Ordinal));

    protected override Task<List<CodeAction>?> Handle(CodeActionParams p, RequestContext context)
    {
        var actions = new List<CodeAction>();
        var only = p.Context.Only;
        // A plain request (no filter) gets quick fixes only; fix-all is offered when asked for by kind.
        if (only is { Count: > 0 } && Wanted(only, FixAll) && context.Document is { } doc && FixAllAction(doc, p.TextDocument.Uri, context.Cancellation) is { } fixAll)
            actions.Add(fixAll);
        if (!Wanted(only, QuickFix)) return Task.FromResult<List<CodeAction>?>(actions);
        foreach (var diagnostic in p.Context.Diagnostics)
        {
            if (diagnostic.Data?["fixes"] is not JArray fixes) continue;
            foreach (var fix in fixes.OfType<JObject>())
            {
                var changes = fix["changes"]?.ToObject<Dictionary<string, List<LspTextEdit>>>(LspJson.Serializer);
                if (changes is null || changes.Count == 0) continue;
                actions.Add(new CodeAction
                {
                    Title = fix.Value<string>("title") ?? "Fix",
                    Kind = QuickFix,
                    Diagnostics = [diagnostic],
                    IsPreferred = fix.Value<bool?>("isPreferred") == true ? true : null,
                    Edit = new WorkspaceEdit { Changes = changes },
                });
            }
        }
        if (context.Document is { } document) actions.AddRange(IgnoreActions(document, p.TextDocument.Uri, p.Context.Diagnostics));
        return Task.FromResult<List<CodeAction>?>(actions);
    }

    /// <summary>"Ignore CODE on this line" and "… in this file" for each of our diagnostics (once per code and line).</summary>
    private static IEnumerable<CodeAction> IgnoreActions(Document doc, string uri, List<LspDiagnostic> diagnostics)
    {
        var style = doc.CommentStyle;
        if (style == CommentStyle.None) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Source != "codenode" || diagnostic.Code is not { } code || RuleCatalog.Find(code) is null) continue;
            var span = LspConvert.ToSpan(doc.Text, diagnostic.Range);
            if (seen.Add($"{code}@{diagnostic.Range.Start.Line}") && Suppressions.LineFix(doc.Text, style, span, code) is { } line)
                yield return ToAction(doc, uri, line, diagnostic);
            if (seen.Add(code) && Suppressions.FileFix(doc.Text, style, code) is { } file)
                yield return ToAction(doc, uri, file, diagnostic);
        }
    }

    private static CodeAction ToAction(Document doc, string uri, Fix fix, LspDiagnostic diagnostic) => new()
    {
        Title = fix.Title,
        Kind = QuickFix,
        Diagnostics = [diagnostic],
        Edit = new WorkspaceEdit { Changes = new() { [uri] = fix.Edits.Select(e => LspConvert.ToTextEdit(doc.Text, e)).ToList() } },
    };

    /// <summary>
    /// Every safe fix (<see cref="Fix.Safe"/>) of the document's reported diagnostics in one edit: one fix per
    /// diagnostic, edits of this file only, and a fix whose edits overlap one already taken is left for the next save.
    /// </summary>
    public static CodeAction? FixAllAction(Document doc, string uri, CancellationToken ct)
    {
        var taken = new List<Text.TextEdit>();
        foreach (var d in doc.AllDiagnostics(ct))
        {
            var fix = d.FixList.FirstOrDefault(f => f.Safe && f.Path is null);
            if (fix is null || fix.Edits.Any(e => taken.Any(t => Overlap(t.Span, e.Span)))) continue;
            taken.AddRange(fix.Edits);
        }
        if (taken.Count == 0) return null;
        return new CodeAction
        {
            Title = "Code Node: fix all safe problems",
            Kind = FixAll,
            Edit = new WorkspaceEdit { Changes = new() { [uri] = taken.OrderBy(e => e.Span.Start).Select(e => LspConvert.ToTextEdit(doc.Text, e)).ToList() } },
        };
    }

    /// <summary>Two edits conflict when their spans overlap or both insert at one offset (their order would be undefined).</summary>
    private static bool Overlap(Text.TextSpan a, Text.TextSpan b) => a.Overlaps(b) || a.Start == b.Start || (a.IsEmpty && b.Contains(a.Start)) || (b.IsEmpty && a.Contains(b.Start));
}
