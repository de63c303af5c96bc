// The Stack AI contract for a TypeScript/JavaScript node, checked on the shallow outline of the file.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.TypeScript;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.StackAi;

internal sealed class TypeScriptChecks : NodeChecker
{
    /// <summary>Parameter annotations that say args is not an object (it maps upstream ids to outputs).</summary>
    private static readonly HashSet<string> NonObjectTypes = new(StringComparer.Ordinal)
    {
        "string", "number", "boolean", "bigint", "symbol", "undefined", "null", "void", "never",
        "string[]", "number[]", "boolean[]", "any[]", "unknown[]",
    };

    private readonly string _text;
    private TsOutline _outline = null!;
    private IReadOnlyList<TsSyntaxError> _syntaxErrors = [];

    public TypeScriptChecks(AnalysisRequest request, StackAiOptions options) : base(request, options)
    {
        _text = request.Text.Text;
    }

    protected override IReadOnlyList<ImportRef> Run()
    {
        // One tokenization serves both readings: the outline answers what the contract checks ask, the parser
        // reports the syntax errors the TypeScript compiler would (the outline's bracket errors are not shown).
        var lexed = TsLexer.Tokenize(_text);
        _outline = TsOutlineParser.Parse(_text, lexed);
        _syntaxErrors = TsParser.Check(_text, _outline.SignificantTokens, lexed.Errors);
        foreach (var e in _syntaxErrors)
            Diagnostics.Add(Diagnostic.Of(CommonRules.SyntaxError, e.Span, e.Code > 0 ? $"{e.Message} (TS{e.Code})" : e.Message));

        foreach (var f in _outline.Functions)
            Facts.Symbols.Add(new SymbolEntry(f.Name.Length > 0 ? f.Name : "default", SymbolKind.Function, f.Span, f.NameSpan, Signature(f)));
        foreach (var c in _outline.Classes)
            Facts.Symbols.Add(new SymbolEntry(c.Name, SymbolKind.Object, c.Span, c.Span));

        var main = FindMain();
        if (main is not null) CheckMain(main);

        var imports = new List<ImportRef>();
        foreach (var i in _outline.Imports)
            if (!i.IsTypeOnly) imports.Add(new ImportRef(i.Module, TsOutlineParser.InsideQuotes(_outline.TokenAt(i.ModuleSpan.Start)!.Value)));
        return imports;
    }

    private string Signature(TsFunction f) => (f.IsAsync ? "async " : "") + "(" + string.Join(", ", f.Parameters.Select(p => p.Name + (p.Annotation is null ? "" : ": " + p.Annotation))) + ")";

    /// <summary>The top-level main (the last, when several); SA001/SA002/SA003/SA005 when it is missing or repeated.</summary>
    private TsFunction? FindMain()
    {
        var mains = _outline.Functions.Where(f => f.Name == "main").ToList();
        if (mains.Count == 0)
        {
            var nested = _outline.NestedFunctions.Where(n => n.Name == "main").Select(n => (n.Span, "another function or block")).ToList();
            ReportNoMain(nested, _outline.Functions.Select(f => (f.Name, f.NameSpan)), Skeletons.TypeScriptMainFix(Request));
            return null;
        }
        if (mains.Count > 1) ReportDuplicates(mains.Select(m => m.NameSpan).ToList(), "a module may define it only once.");
        return mains[^1];
    }

    private void CheckMain(TsFunction main)
    {
        Facts.MainName = main.NameSpan;
        CheckSignature(main);
        if (Options.RequireExport && !main.IsExported)
        {
            var fixes = StartsWithDeclarationKeyword(main) ? new[] { new Fix("Export main", [new TextEdit(new TextSpan(main.Span.Start, 0), "export ")], IsPreferred: true, Safe: true) } : [];
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MainNotExported, main.NameSpan,
                "main is not exported, but this node's manifest says \"typescript\": \"module\" (the runtime imports main from the module).", fixes));
        }

        if (main.IsGenerator)
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NonJsonReturn, main.NameSpan,
                "main is a generator function (function*), so calling it returns a generator, not a JSON object; collect the items in an array and return it in an object."));
        foreach (var r in main.Returns) CheckReturn(main, r);
        // Inside broken syntax the statements are a guess, so "falls off the end" would mostly be noise. An error
        // after main counts too: an unclosed template or comment is reported where the file ends.
        if (main.CanFallOffEnd && !_syntaxErrors.Any(e => e.Span.Start >= main.Span.Start))
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MissingReturn, main.NameSpan,
                main.Returns.Count == 0
                    ? "main never returns a value, so the node output is undefined; return an object such as { result: ... }."
                    : "main can reach its end without return; that path returns undefined, not a JSON object.",
                Skeletons.AddReturnBeforeClose(Request.Text, main.BodySpan, "return {};")));
        }
    }

    private bool StartsWithDeclarationKeyword(TsFunction f)
    {
        var first = _outline.TokenAt(f.Span.Start);
        return first is { } t && t.Text is "function" or "async" or "const" or "let" or "var";
    }

    private void CheckSignature(TsFunction main)
    {
        var ps = main.Parameters;
        if (ps.Count == 0)
        {
            var fixes = _text.Length > main.ParametersSpan.Start && _text[main.ParametersSpan.Start] == '('
                ? new[] { new Fix("Add the args parameter", [new TextEdit(new TextSpan(main.ParametersSpan.Start + 1, 0), "args")], IsPreferred: true, Safe: true) }
                : [];
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, main.NameSpan,
                "main takes no parameter, so it cannot read its inputs; the platform calls main(args).", fixes));
            return;
        }
        var first = ps[0];
        if (first.IsRest)
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, first.Span,
                $"main's first parameter is a rest parameter, so it receives [args] (an array), not args."));
            return;
        }
        var extra = ps.Skip(1).FirstOrDefault(p => p.IsRequired);
        if (extra is not null)
        {
            int required = ps.Count(p => p.IsRequired);
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MainSignature, extra.Span,
                $"main has {required} required parameters, but the platform passes one (args); give \"{extra.Name}\" a default or remove it."));
        }

        if (first.IsPattern)
        {
            // function main({ "in-0": a, b }) reads those upstream ids directly.
            foreach (var key in first.Destructured) Facts.Reads.Add(new UpstreamRead(key.Key, key.Span));
        }
        else
        {
            Facts.ArgsName = first.Name;
            foreach (var read in _outline.PropertyReads(first.Name, main.BodySpan))
                Facts.Reads.Add(new UpstreamRead(read.Key, read.KeySpan));
        }
        if (first.Annotation is { } type && first.AnnotationSpan is { } typeSpan && IsNonObjectType(type))
            Diagnostics.Add(Diagnostic.Of(StackAiRules.ArgsAnnotation, typeSpan,
                $"args is annotated as {type}, but it is an object of upstream node ids to their outputs (e.g. Record<string, any>)."));
    }

    private static bool IsNonObjectType(string type)
    {
        string t = type.Replace(" ", "");
        return NonObjectTypes.Contains(t) || (t.StartsWith("Array<", StringComparison.Ordinal) && !t.Contains('|'));
    }

    // ───────────── returns ─────────────

    private void CheckReturn(TsFunction main, TsReturn r)
    {
        if (r.Value is null)
        {
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NoneReturn, r.KeywordSpan,
                "return without a value returns undefined; the node output must be a JSON object.",
                new Fix("Return an empty object", [new TextEdit(r.KeywordSpan, "return {}")])));
            return;
        }
        var v = r.Value;
        // A call of a helper with a declared return type, or a name bound to a string, stands for what it gives.
        if (v.Kind == TsValueKind.Call && v.Name is { } callee && DeclaredReturn(callee) is { } declared)
        {
            if (declared.Kind is TsValueKind.Undefined or TsValueKind.Null)
            {
                Diagnostics.Add(Diagnostic.Of(StackAiRules.NoneReturn, v.Span,
                    $"main returns {callee}(...), which is declared as {declared.Type}: it can return {(declared.Kind == TsValueKind.Null ? "null" : "undefined")}, and the node output must be a JSON object."));
                return;
            }
            if (declared.Kind == TsValueKind.String)
            {
                ReportStringReturn(v, $" ({callee} is declared to return {declared.Type})");
                return;
            }
        }
        if (v.Kind == TsValueKind.Identifier && v.Name is { } name && IsStringLocal(main, name) is { } line)
        {
            ReportStringReturn(v, $" (\"{name}\" is a string, declared on line {line + 1})");
            return;
        }
        switch (v.Kind)
        {
            case TsValueKind.Undefined or TsValueKind.Null:
                Diagnostics.Add(Diagnostic.Of(StackAiRules.NoneReturn, v.Span,
                    $"main returns {(v.Kind == TsValueKind.Null ? "null" : "undefined")}; the node output must be a JSON object.",
                    new Fix("Return an empty object", [new TextEdit(v.Span, "{}")])));
                return;
            case TsValueKind.String:
                ReportStringReturn(v, "");
                return;
        }
        CheckNonJson(main, v, 0);
    }

    private void ReportStringReturn(TsValue v, string why) =>
        Diagnostics.Add(Diagnostic.Of(StackAiRules.StringReturn, v.Span,
            $"main returns a plain string{why}; downstream nodes get text, not a JSON object. Return an object, or JSON.stringify(...) on purpose.",
            Skeletons.Wrap("Wrap in an object: { result: ... }", v.Span, "{ result: ", " }", preferred: true),
            Skeletons.Wrap("Wrap in JSON.stringify(...)", v.Span, "JSON.stringify(", ")")));

    /// <summary>
    /// The line of the declaration that makes <paramref name="name"/> a string in main: a local (const, let or
    /// var) initialised with a string, which the compiler types as string for good, or a top-level const.
    /// </summary>
    private int? IsStringLocal(TsFunction main, string name)
    {
        if (main.Parameters.Any(p => p.Name == name)) return null;
        var local = main.Locals.LastOrDefault(l => l.Name == name) ?? _outline.Variables.LastOrDefault(l => l.Name == name);
        return local?.Value?.Kind == TsValueKind.String ? Request.Text.LineOf(local.NameSpan.Start) : null;
    }

    /// <summary>
    /// What a top-level function <paramref name="name"/> is declared to return (a <c>Promise&lt;T&gt;</c> counts
    /// as T, since the platform awaits main): a string, undefined or null (a union with either counts), a Set, a
    /// Map, a BigInt or a RegExp; null when it has no declared type or the type says none of these.
    /// </summary>
    private (TsValueKind Kind, string Type)? DeclaredReturn(string name)
    {
        var f = _outline.Functions.LastOrDefault(fn => fn.Name == name);
        if (f?.ReturnType is not { } declared) return null;
        string type = declared.Trim();
        while (type.StartsWith("Promise<", StringComparison.Ordinal) && type.EndsWith('>')) type = type[8..^1].Trim();
        var members = SplitUnion(type);
        if (members.Any(m => m is "undefined" or "void")) return (TsValueKind.Undefined, declared);
        if (members.Any(m => m == "null")) return (TsValueKind.Null, declared);
        if (members.All(m => m == "string" || (m.Length >= 2 && m[0] is '"' or '\'' or '`' && m[^1] == m[0]))) return (TsValueKind.String, declared);
        if (members.Count != 1) return null;
        string t = members[0];
        if (t.StartsWith("Set<", StringComparison.Ordinal) || t.StartsWith("ReadonlySet<", StringComparison.Ordinal) || t == "Set") return (TsValueKind.Set, declared);
        if (t.StartsWith("Map<", StringComparison.Ordinal) || t.StartsWith("ReadonlyMap<", StringComparison.Ordinal) || t == "Map") return (TsValueKind.Map, declared);
        return t switch { "bigint" => (TsValueKind.BigInt, declared), "RegExp" => (TsValueKind.RegExp, declared), _ => null };
    }

    /// <summary>The members of a union type written as text, split at the <c>|</c> outside any brackets.</summary>
    private static List<string> SplitUnion(string type)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < type.Length; i++)
        {
            char c = type[i];
            if (c is '<' or '(' or '[' or '{') depth++;
            else if (c is '>' or ')' or ']' or '}') depth--;
            else if (c == '|' && depth == 0)
            {
                parts.Add(type[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(type[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>SA011 for a value (or a value nested in a returned object or array) that JSON cannot carry.</summary>
    private void CheckNonJson(TsFunction main, TsValue v, int depth)
    {
        if (depth > 8) return;
        string where = v.Key is null ? "main returns" : $"property \"{v.Key}\" of the returned object is";
        var kind = v.Kind;
        string? declared = null;
        if (kind == TsValueKind.Identifier && v.Name is { } name)
        {
            (kind, declared) = Resolve(main, name);
        }
        else if (kind == TsValueKind.Call && v.Name is { } callee && DeclaredReturn(callee) is { } type)
        {
            (kind, declared) = (type.Kind, $" ({callee} is declared to return {type.Type})");
        }
        switch (kind)
        {
            case TsValueKind.Set:
                Report(v, $"{where} a Set{declared}; JSON.stringify turns it into {{}} and its items are lost.",
                    Skeletons.Wrap("Convert with Array.from(...)", v.Span, "Array.from(", ")", preferred: true));
                break;
            case TsValueKind.Map:
                Report(v, $"{where} a Map{declared}; JSON.stringify turns it into {{}} and its entries are lost.",
                    Skeletons.Wrap("Convert with Object.fromEntries(...)", v.Span, "Object.fromEntries(", ")", preferred: true));
                break;
            case TsValueKind.Function:
                Report(v, v.Key is null
                    ? $"main returns a function{declared}, not its result; JSON has no functions (the output would be undefined)."
                    : $"{where} a function{declared}; JSON.stringify drops it.");
                break;
            case TsValueKind.BigInt:
                Report(v, $"{where} a BigInt{declared}; JSON.stringify throws \"TypeError: Do not know how to serialize a BigInt\".",
                    Skeletons.Wrap("Convert with String(...)", v.Span, "String(", ")"));
                break;
            case TsValueKind.NonFinite:
                Report(v, $"{where} {v.Name ?? "a non-finite number"}{declared}; JSON has no NaN or Infinity and JSON.stringify writes null.");
                break;
            case TsValueKind.RegExp:
                Report(v, $"{where} a RegExp{declared}; JSON.stringify turns it into {{}}.",
                    Skeletons.Wrap("Convert with String(...)", v.Span, "String(", ")"));
                break;
            case TsValueKind.Object or TsValueKind.Array when declared is null:
                foreach (var inner in v.Inner) CheckNonJson(main, inner, depth + 1);
                break;
        }
    }

    private void Report(TsValue v, string message, params Fix[] fixes) =>
        Diagnostics.Add(Diagnostic.Of(StackAiRules.NonJsonReturn, v.Span, message, fixes));

    /// <summary>What a returned name refers to: a local of main, a top-level const, function or class.</summary>
    private (TsValueKind Kind, string? Declared) Resolve(TsFunction main, string name)
    {
        var local = main.Locals.LastOrDefault(l => l.Name == name) ?? _outline.Variables.LastOrDefault(l => l.Name == name);
        if (local?.Value is { } value)
            return (value.Kind, $" (\"{name}\" is declared on line {Request.Text.LineOf(local.NameSpan.Start) + 1})");
        if (local is null && main.Parameters.All(p => p.Name != name))
        {
            if (_outline.Functions.Any(f => f.Name == name) || _outline.Classes.Any(c => c.Name == name))
                return (TsValueKind.Function, $" (\"{name}\")");
        }
        return (TsValueKind.Other, null);
    }
}
