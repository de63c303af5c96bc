// Checks of pflow code steps (PLATFORMS.md A.3-A.9): annotations, result, types, names, imports, timeout.
using System.Globalization;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>A code step's parsed code and what the checks learnt about it (kept for hover and completion).</summary>
public sealed class CodeStepInfo
{
    public required WorkflowStep Step { get; init; }
    /// <summary>The parsed code; its spans are relative to the code's first character (the block's ContentSpan.Start).</summary>
    public ParseResult? Parse { get; init; }
    /// <summary>Every annotated plain name in the code (pflow's ast.walk view), name to annotation text.</summary>
    public Dictionary<string, (string Text, AnnAssign Node)> Annotations { get; } = new(StringComparer.Ordinal);
    /// <summary>Module-scope annotations (not inside def/class/lambda): what current pflow's validate-time checks read.</summary>
    public Dictionary<string, string> TopLevelAnnotations { get; } = new(StringComparer.Ordinal);
    /// <summary>The <c>inputs</c> mapping (empty when absent or not a mapping).</summary>
    public JObject Inputs { get; init; } = new();
    /// <summary>What is known of each input's value type.</summary>
    public Dictionary<string, ValueType> InputTypes { get; } = new(StringComparer.Ordinal);
}

public static partial class CodeSteps
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^([a-zA-Z]\w*(?:\[[\w\[\], |]+\])?)\s*=\s*\S", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YamlAnnotation();

    private static readonly string[] TypingNames = ["List", "Dict", "Tuple", "Set", "FrozenSet", "Type", "Union", "Literal", "TypeVar", "Callable", "Final", "ClassVar", "Iterable", "Iterator", "Sequence", "Mapping"];

    public static IReadOnlyList<CodeStepInfo> Analyze(PflowWorkflow wf, WorkflowTemplates templates, WorkflowSamples samples,
        AnalysisSettings settings, List<Diagnostic> output, CancellationToken ct)
    {
        var result = new List<CodeStepInfo>();
        var byId = new Dictionary<string, CodeStepInfo>(StringComparer.Ordinal);
        foreach (var step in wf.Steps)
        {
            if (!step.IsCode) continue;
            ct.ThrowIfCancellationRequested();
            var info = new Checker(wf, step, templates, samples, settings, output, byId).Run();
            result.Add(info);
            byId.TryAdd(step.Id, info);
        }
        return result;
    }

    /// <summary>The path when a <c>code</c> value is a path to a .py file (one line ending in <c>.py</c>), else null.</summary>
    public static string? CodeFilePath(string code)
    {
        string t = code.Trim();
        return t.Length is > 3 and < 1024 && t.EndsWith(".py", StringComparison.Ordinal) && !t.Contains('\n') && !t.Contains(' ') && !t.Contains('(') ? t : null;
    }

    /// <summary>What is known of the type a value of <c>inputs</c> arrives as (YAML literal, template source or sample).</summary>
    public static ValueType? TypeOfInputValue(PflowWorkflow wf, WorkflowSamples samples, JToken value)
    {
        if (value is JValue { Type: JTokenType.String } s && ((string)s!).Contains("${", StringComparison.Ordinal))
        {
            var simple = TemplateScanner.AsSimple((string)s!);
            if (simple is null) return new ValueType(["str"], "a template with text around it (always a string)");
            if (TemplateResolver.TryResolve(simple, samples.Context, out var sample))
                return new ValueType([PflowTypes.PythonTypeOf(TemplateResolver.AutoParse(sample))], $"the sample value of {simple.Text}");
            var first = simple.Segments[0];
            if (wf.FindStep(first.Name) is { } node && simple.Segments.Count > 1 && !first.HasIndex)
            {
                var field = DeclaredField(node, simple);
                if (field is null) return null;
                var types = PflowTypes.FromPflowType(field.Type);
                return types is null ? null : new ValueType(types, $"{simple.Text} (declared {field.Type})");
            }
            if (wf.FindInput(first.Name) is { } input && simple.Segments.Count == 1 && !first.HasIndex)
            {
                var types = PflowTypes.FromPflowType(input.DeclaredType);
                return types is null ? null : new ValueType(types, $"workflow input '{input.Id}' (declared {input.DeclaredType})");
            }
            return null;
        }
        return new ValueType([PflowTypes.PythonTypeOf(value)], "the YAML value");
    }

    /// <summary>
    /// Current pflow's static type of a simple template (pflow's <c>infer_template_type</c>): a workflow input's
    /// declared type, a node output's declared type, or the type an upstream code step annotates its <c>result</c>
    /// with (as pflow's enriched code-node outputs, S1 names: <c>list</c> → <c>array</c>); null when unknown.
    /// </summary>
    public static string? InferTemplateType(PflowWorkflow wf, TemplateRef t, IReadOnlyDictionary<string, CodeStepInfo> codeSteps)
    {
        var first = t.Segments[0];
        if (wf.FindInput(first.Name) is { } input) return t.Segments.Count == 1 && !first.HasIndex ? input.DeclaredType : null;
        if (wf.FindStep(first.Name) is not { } node || first.HasIndex || t.Segments.Count < 2) return null;
        if (node.IsCode && node.Batch is null && t.Segments.Count == 2 && t.Segments[1] is { Name: "result", HasIndex: false }
            && codeSteps.TryGetValue(node.Id, out var up) && up.TopLevelAnnotations.TryGetValue("result", out var ann))
            return PflowTypes.S1Name(ann);
        return DeclaredField(node, t)?.Type;
    }

    /// <summary>The declared output (or nested field) a template names, following declared structures only.</summary>
    public static OutputField? DeclaredField(WorkflowStep node, TemplateRef t)
    {
        var outputs = WorkflowChecks.OutputsOf(node);
        if (outputs is null || t.Segments.Count < 2) return null;
        OutputField? field = null;
        foreach (var kv in outputs) if (kv.Key == t.Segments[1].Name) field = kv.Value;
        if (field is null) return null;
        if (t.Segments[1].HasIndex) field = field.Items;
        for (int i = 2; field is not null && i < t.Segments.Count; i++)
        {
            var seg = t.Segments[i];
            if (field.Fields is null || !field.Fields.TryGetValue(seg.Name, out var next)) return null;
            field = seg.HasIndex ? null : next;
        }
        return field;
    }

    /// <summary>The nodes the checks look at, found in one walk of the tree (pflow's ast.walk sees the same ones).</summary>
internal sealed class WalkResult
    {
        public readonly List<AnnAssign> Annotations = [];
        public readonly List<Placeholder> Placeholders = [];
        public readonly List<Stmt> Imports = [];
    }

internal static WalkResult Walk(Module module)
    {
        var result = new WalkResult();
        var stack = new Stack<Node>();
        var children = new List<Node>();
        stack.Push(module);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            switch (n)
            {
                case AnnAssign a: result.Annotations.Add(a); break;
                case Placeholder p: result.Placeholders.Add(p); break;
                case Import or ImportFrom: result.Imports.Add((Stmt)n); break;
            }
            children.Clear();
            n.AddChildrenTo(children);
            foreach (var child in children) stack.Push(child);
        }
        // Source order, so that for a name annotated twice the later annotation wins, as in pflow's walk.
        result.Annotations.Sort((x, y) => x.Span.Start.CompareTo(y.Span.Start));
        return result;
    }


    /// <summary>
    /// A parsed and bound code text, cached by the text and the names the runtime predefines: re-analysis after an
    /// edit reparses only the block that changed. The cache is bounded by the characters of code it holds, not only
    /// by its entries, because every version of a large block typed into would otherwise keep its whole tree alive
    /// (a 10,000-line block's tree and binding take tens of MiB). The least recently used entries go first, so the
    /// unchanged blocks of the workflow being edited stay while the old versions of the edited block are dropped.
    /// A block larger than the whole budget is not cached at all: its analysis holds its tree while it is current, and
    /// a cached copy would keep that tree alive beside the next version's while the server's collection before each
    /// analysis (Server/DiagnosticsPublisher) copies it; an edit elsewhere in such a workflow parses the block again.
    /// </summary>
    internal sealed record ParsedCode(ParseResult Parse, WalkResult Walk, BindResult Bind)
    {
        private const int MaxEntries = 512;
        private const long MaxChars = 256 * 1024;
        // Keyed by the predefined names (and pflow's "later" flag) beside the code, not by one concatenated string,
        // which copied the whole code (768 KB for a 10,000-line block) on every analysis.
        private static readonly Dictionary<(string Names, string Code), LinkedListNode<((string Names, string Code) Key, ParsedCode Value)>> Cache = new();
        private static readonly LinkedList<((string Names, string Code) Key, ParsedCode Value)> Recency = new();
        private static readonly object Gate = new();
        private static long _cachedChars;

        public static ParsedCode Get(string code, IReadOnlySet<string> predefined, bool later)
        {
            var key = (Names: string.Join(",", predefined.Order(StringComparer.Ordinal)) + (later ? "\u0001L" : ""), Code: code);
            int chars = key.Names.Length + code.Length;
            lock (Gate)
            {
                if (Cache.TryGetValue(key, out var hit))
                {
                    Recency.Remove(hit);
                    Recency.AddLast(hit);
                    return hit.Value.Value;
                }
                // Make room before parsing, not after: the previous version of an edited block is then garbage while
                // the new one is built, instead of a second tree alive at the peak (a 10,000-line block's is tens of MiB).
                if (chars <= MaxChars) EvictFor(chars);
            }
            var parse = PythonParser.Parse(code, new ParseOptions(PlaceholderSyntax.Pflow));
            var entry = new ParsedCode(parse, CodeSteps.Walk(parse.Module), Binder.Bind(parse.Module, predefined));
            lock (Gate)
            {
                if (Cache.ContainsKey(key) || chars > MaxChars) return entry;
                EvictFor(chars);
                Cache[key] = Recency.AddLast((key, entry));
                _cachedChars += chars;
            }
            return entry;
        }

        /// <summary>Drops the least recently used entries until one of <paramref name="chars"/> characters fits (under the lock).</summary>
        private static void EvictFor(int chars)
        {
            while (Recency.First is { } oldest && (Cache.Count >= MaxEntries || _cachedChars + chars > MaxChars))
            {
                Recency.RemoveFirst();
                Cache.Remove(oldest.Value.Key);
                _cachedChars -= oldest.Value.Key.Names.Length + oldest.Value.Key.Code.Length;
            }
        }
    }

    private sealed class Checker
    {
        private readonly PflowWorkflow _wf;
        private readonly WorkflowStep _step;
        private readonly WorkflowTemplates _templates;
        private readonly WorkflowSamples _samples;
        private readonly AnalysisSettings _settings;
        private readonly List<Diagnostic> _out;
        private readonly string _text;
        private readonly IReadOnlyDictionary<string, CodeStepInfo> _earlier;
        /// <summary>Current pflow: its validate-time checks ("Pass 9") and later prep checks apply.</summary>
        private readonly bool _current;

        public Checker(PflowWorkflow wf, WorkflowStep step, WorkflowTemplates templates, WorkflowSamples samples, AnalysisSettings settings,
            List<Diagnostic> output, IReadOnlyDictionary<string, CodeStepInfo> earlier)
        {
            _wf = wf; _step = step; _templates = templates; _samples = samples; _settings = settings; _out = output; _earlier = earlier;
            _text = wf.Text.Text;
            _current = settings.PflowVersion == PflowVersion.Current;
        }

        private void Add(RuleInfo rule, TextSpan span, string message, params Fix[] fixes) => _out.Add(Diagnostic.Of(rule, span, message, fixes));

        public CodeStepInfo Run()
        {
            CheckTimeout();
            var inputsToken = _step.Params["inputs"];
            JObject inputs = inputsToken as JObject ?? new JObject();
            if (inputsToken is not null and not JObject)
                Add(PflowRules.InputsNotDict, _step.ValueSpanOf("inputs"), $"'inputs' parameter must be a dict, got {PflowTypes.PythonTypeOf(inputsToken)}");

            var codeToken = _step.Params["code"];
            string? code = codeToken is JValue { Type: JTokenType.String } cs ? (string?)cs : null;
            var block = _step.CodeBlock;
            if (code is null || code.Trim().Length == 0)
            {
                if (_step.ParamsParsed)
                    Add(PflowRules.MissingCode, block?.FenceSpan ?? _step.IdSpan,
                        "Missing required 'code' parameter\n\nProvide a Python code string with type-annotated inputs and result.\nExample:\n  \"code\": \"data: list\\nresult: list = data[:10]\"");
                return new CodeStepInfo { Step = _step, Inputs = inputs };
            }

            // Current pflow: `code` may name a .py file (docs: "Python code (or path to .py file, e.g.,
            // ./scripts/transform.py)"). The analysis reads no files, so such a step's code is not checked here; a
            // run reads the file (docs/pflow.md).
            if (_current && CodeFilePath(code) is not null) return new CodeStepInfo { Step = _step, Inputs = inputs };

            // The code is parsed on its own (spans relative to its first character) and the result is cached by its
            // text, so an edit elsewhere in the workflow reuses it; map() moves a span to the .md file (a block) or
            // onto the parameter's value (inline code, whose characters need not match the decoded string).
            Func<TextSpan, TextSpan> map;
            if (block is not null)
            {
                int at = block.ContentSpan.Start;
                map = s => s.Shift(at);
            }
            else
            {
                var valueSpan = _step.ValueSpanOf("code");
                map = _ => valueSpan;
            }
            var predefined = PredefinedNames(inputs);
            var parsed = ParsedCode.Get(code, predefined, _settings.PflowLater);
            var parse = parsed.Parse;
            var walk = parsed.Walk;
            var info = new CodeStepInfo { Step = _step, Parse = parse, Inputs = inputs };
            foreach (var (key, value) in inputs)
                if (value is not null && TypeOfInputValue(_wf, _samples, value) is { } vt) info.InputTypes[key] = vt;

            CheckTemplatesInCode(walk, map);
            if (parse.Errors.Count > 0)
            {
                int fence = block?.FenceLine ?? _step.HeadingLine;
                foreach (var err in parse.Errors)
                    _out.Add(Diagnostic.Of(CommonRules.SyntaxError, map(err.Span),
                        $"Python syntax error in code block: {err.Message}\n\nFix the Python syntax in the code block starting at line {fence}."));
                return info; // pflow rejects the file at load time; nothing else runs
            }
            // ast.parse (the load-time check) accepts these; the node's compile() raises them before the code runs.
            foreach (var err in parse.CompileErrors)
                _out.Add(Diagnostic.Of(CommonRules.SyntaxError, map(err.Span),
                    $"Python SyntaxError when the node compiles the code: {err.Message}\n\nThe workflow loads (ast.parse accepts the code), but the code node compiles it with compile() before running it, and the run stops with this error."));

            foreach (var ann in walk.Annotations)
                if (ann.Target is Name name) info.Annotations[name.Id] = (SourceOf(parse.Text, ann.Annotation.Span), ann);
            foreach (var ann in ModuleScopeAnnotations(parse.Module.Body))
                if (ann.Target is Name name) info.TopLevelAnnotations[name.Id] = SourceOf(parse.Text, ann.Annotation.Span);
            var bind = parsed.Bind;
            if (_current) CheckInputAnnotationsCurrent(info, block);
            else CheckInputAnnotations(info, map, block);
            if (_current) CheckYamlAnnotations(info);
            CheckResult(info, parse, bind, map, block);
            CheckOrphans(info, parse, bind, map);
            if (_current) CheckTypesCurrent(info, map);
            else CheckTypes(info, map);
            // Current pflow rejects an un-imported typing name in an annotation at prep (PF212), before any NameError.
            var rejected = _settings.PflowLater ? CheckLaterAnnotations(info, walk, map) : [];
            CheckNames(bind, map, rejected);
            CheckImports(walk, map);
            return info;
        }

        private void CheckTimeout()
        {
            if (_step.Params["timeout"] is not { } t) return;
            var span = _step.ValueSpanOf("timeout");
            double value;
            string repr;
            switch (t)
            {
                case JValue { Type: JTokenType.Integer or JTokenType.Float } n:
                    value = Convert.ToDouble(n.Value, CultureInfo.InvariantCulture);
                    repr = TemplateResolver.PythonFloat(value);
                    break;
                case JValue { Type: JTokenType.Boolean } b:
                    value = (bool)b! ? 1 : 0;
                    repr = TemplateResolver.PythonFloat(value);
                    break;
                case JValue { Type: JTokenType.String } s when double.TryParse(((string)s!).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value):
                    repr = TemplateResolver.PythonFloat(value);
                    break;
                default:
                    Add(PflowRules.InvalidTimeout, span, $"Timeout must be a positive number, got {PythonRepr(t)}");
                    return;
            }
            if (!(value > 0)) Add(PflowRules.InvalidTimeout, span, $"Timeout must be a positive number, got {repr}");
        }

        private static string PythonRepr(JToken t) => t switch
        {
            // Python's repr: single quotes unless the text holds a single quote and no double quote.
            JValue { Type: JTokenType.String } s when ((string)s!).Contains('\'') && !((string)s!).Contains('"') => "\"" + ((string)s!).Replace("\\", "\\\\") + "\"",
            JValue { Type: JTokenType.String } s => "'" + ((string)s!).Replace("\\", "\\\\").Replace("'", "\\'") + "'",
            JValue { Type: JTokenType.Null } => "None",
            JContainer c => TemplateResolver.PythonJson(c),
            _ => TemplateResolver.ToText(t),
        };

        private void CheckTemplatesInCode(WalkResult walk, Func<TextSpan, TextSpan> map)
        {
            var placeholders = new HashSet<int>();
            foreach (var p in walk.Placeholders) placeholders.Add(map(p.Span).Start);
            foreach (var use in _templates.Uses)
            {
                if (use.Owner != _step || !use.InCode) continue;
                bool outsideString = placeholders.Contains(use.Ref.Span.Start);
                string message = outsideString
                    ? $"Python syntax error in code block: invalid syntax\n\n{use.Ref.Text} is not Python. Templates belong in 'inputs':\n  - inputs:\n      value: {use.Ref.Text}\nand the code reads 'value' (annotated, e.g. value: str)."
                    : $"Template {use.Ref.Text} is written inside the Python block: pflow replaces it with text before the code runs. Templates belong in 'inputs':\n  - inputs:\n      value: {use.Ref.Text}\nand the code reads 'value'.";
                _out.Add(new Diagnostic(use.Ref.Span, outsideString ? Severity.Error : PflowRules.TemplateInCode.Severity, PflowRules.TemplateInCode.Code, message));
            }
        }

        private static string SourceOf(string text, TextSpan span)
        {
            if (span.End > text.Length || span.Start < 0) return "";
            var parts = text.Substring(span.Start, span.Length).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return string.Join(" ", parts).Replace("[ ", "[").Replace(" ]", "]").Replace(" ,", ",");
        }

        private TextSpan InputKeySpan(JObject inputs, string key) =>
            PyYaml.SpanOf(inputs[key])?.KeySpan ?? _step.ValueSpanOf("inputs");

        private void CheckInputAnnotations(CodeStepInfo info, Func<TextSpan, TextSpan> map, CodeBlock? block)
        {
            foreach (var (key, value) in info.Inputs)
            {
                if (info.Annotations.ContainsKey(key)) continue;
                string type = InferredAnnotation(info, key);
                var fixes = block is null ? [] : new[]
                {
                    new Fix($"Add '{key}: {type}' to the code", [new TextEdit(new TextSpan(block.ContentSpan.Start, 0), $"{key}: {type}\n")], IsPreferred: true, Safe: true),
                };
                Add(PflowRules.MissingInputAnnotation, InputKeySpan(info.Inputs, key),
                    $"Input(s) missing type annotation in code: {key}\nAdd annotations:\n  {key}: <type>" +
                    (type != "object" ? $"\n\n(the value arrives as {type}: {info.InputTypes[key].Origin})" : ""), fixes);
            }
        }

        /// <summary>The annotation to suggest for an input: its single known type, else <c>object</c> (pflow skips the check).</summary>
        private static string InferredAnnotation(CodeStepInfo info, string key)
        {
            if (!info.InputTypes.TryGetValue(key, out var vt)) return "object";
            var types = vt.Types;
            if (types.SequenceEqual(["str", "dict", "list"])) return "str";
            if (types.SequenceEqual(["int", "float"])) return "float";
            return types.Count == 1 && types[0] != "NoneType" ? types[0] : "object";
        }

        private void CheckResult(CodeStepInfo info, ParseResult parse, BindResult bind, Func<TextSpan, TextSpan> map, CodeBlock? block)
        {
            bool later = _settings.PflowLater;
            bool hasResult = info.Annotations.ContainsKey("result");
            bool hasNext = later && info.Annotations.ContainsKey("next");
            if (!hasResult && !hasNext)
            {
                string msg = later
                    ? "Code must declare result type annotation (result: <type> = ...) or next type annotation (next: str = ...) for routing"
                    : "Code must declare result type annotation: result: <type> = ...";
                var fixes = new List<Fix>();
                var assign = parse.Module.Body.OfType<Assign>().FirstOrDefault(a => a.Targets.Count == 1 && a.Targets[0] is Name { Id: "result" });
                if (assign is not null)
                {
                    string t = GuessType(assign.Value);
                    fixes.Add(new Fix($"Annotate: result: {t} = ...", [new TextEdit(map(assign.Targets[0].Span), $"result: {t}")], IsPreferred: true));
                }
                else if (block is not null)
                {
                    fixes.Add(new Fix("Add 'result: dict = {}'", [new TextEdit(new TextSpan(block.ContentSpan.End, 0), (block.ContentSpan.Length > 0 ? "\n" : "") + "result: dict = {}")]));
                }
                var target = assign is not null ? map(assign.Targets[0].Span) : block?.FenceSpan ?? _step.IdSpan;
                // Current pflow reports this before a run too (PR #324), with two suggestions.
                if (_current) msg += Pass9Suggestions("Add a result annotation at the top of the code block: result: <type> = ...",
                    "Or, to route to a downstream node, declare: next: str = \"<target-node-id>\"");
                Add(PflowRules.MissingResultAnnotation, target, msg, fixes.ToArray());
                return;
            }
            if (!hasResult) return;
            bool bound = bind.ModuleScope.Symbols.TryGetValue("result", out var sym) && sym.IsBound;
            if (!bound && !hasNext)
            {
                var ann = info.Annotations["result"].Node;
                // Every stored pflow raises this inside exec, so exec_fallback gives it the "ValueError: " prefix (platform-changes P8).
                string msg = "ValueError: Code must set 'result' variable. Add: result = <your_value>";
                Add(PflowRules.ResultNotAssigned, map(ann.Target.Span), msg +
                    "\n\n'result' is read from the module's globals after the code runs; an annotation alone, or an assignment inside a function, does not set it.");
            }
        }

        private static string GuessType(Expr value) => value switch
        {
            DictExpr => "dict",
            ListExpr => "list",
            TupleExpr => "tuple",
            SetExpr => "set",
            StringLiteral { IsBytes: true } => "bytes",
            StringLiteral => "str",
            Constant { Kind: ConstantKind.Int } => "int",
            Constant { Kind: ConstantKind.Float } => "float",
            Constant { Kind: ConstantKind.True or ConstantKind.False } => "bool",
            ComprehensionExpr { Kind: ComprehensionKind.List } => "list",
            ComprehensionExpr { Kind: ComprehensionKind.Dict } => "dict",
            ComprehensionExpr { Kind: ComprehensionKind.Set } => "set",
            Compare or BoolOp { } => "bool",
            _ => "object",
        };

        private IReadOnlySet<string> PredefinedNames(JObject inputs)
        {
            var set = new HashSet<string>(inputs.Properties().Select(p => p.Name), StringComparer.Ordinal);
            if (_settings.PflowLater) { set.Add("typing"); set.Add("Optional"); set.Add("Any"); }
            return set;
        }

        /// <summary>Bare module-scope annotations (x: T) with no inputs entry: later pflow's "orphan annotation".</summary>
        private void CheckOrphans(CodeStepInfo info, ParseResult parse, BindResult bind, Func<TextSpan, TextSpan> map)
        {
            foreach (var ann in ModuleScopeAnnotations(parse.Module.Body))
            {
                if (ann.Value is not null || ann.Target is not Name name) continue;
                if (name.Id == "result" || name.Id == "next" && _settings.PflowLater || info.Inputs.ContainsKey(name.Id)) continue;
                string annText = SourceOf(parse.Text, ann.Annotation.Span);
                bool assigned = bind.ModuleScope.Symbols.TryGetValue(name.Id, out var sym) && sym.IsBound;
                bool read = sym is not null && sym.Reads.Count > 0 || bind.Unresolved.Any(u => u.Name == name.Id);
                if (_current)
                {
                    CurrentOrphan(info, parse, ann, name, annText, read, map);
                    continue;
                }
                var fixes = new List<Fix>();
                string advice;
                if (assigned)
                {
                    advice = $"'{name.Id}' is also assigned in the code, so it is a local: remove the annotation, or add '{name.Id}' to the inputs dict.";
                    fixes.Add(RemoveLineFix(ann, map, $"Remove the annotation '{name.Id}: {annText}'"));
                }
                else if (read)
                {
                    advice = $"Add '{name.Id}' to the inputs dict (in params.inputs): {name.Id}: ${{<source>}}";
                    if (AddInputFix(name.Id) is { } f) fixes.Add(f);
                    var similar = Similarity.CloseMatches(name.Id, info.Inputs.Properties().Select(p => p.Name).Where(k => !info.Annotations.ContainsKey(k) || k != name.Id), 1, 0.6);
                    if (similar.Count > 0)
                    {
                        advice += $"\nOr rename the annotation to '{similar[0]}'";
                        fixes.Add(new Fix($"Rename the annotation to '{similar[0]}'", [new TextEdit(map(name.Span), similar[0])]));
                    }
                }
                else
                {
                    advice = $"Remove the annotation '{name.Id}: {annText}' — it is never read";
                    fixes.Add(RemoveLineFix(ann, map, $"Remove the annotation '{name.Id}: {annText}'"));
                }
                Add(PflowRules.OrphanAnnotation, map(ann.Span), $"Annotation '{name.Id}: {annText}' has no corresponding entry in 'inputs'.\n\n{advice}", fixes.ToArray());
            }
        }

        /// <summary>pflow's rendering of a validator diagnostic's suggestions: a blank line, then "  → s" per line.</summary>
        private static string Pass9Suggestions(params string[] suggestions) => "\n\n" + string.Join("\n", suggestions.Select(x => "  → " + x));

        /// <summary>
        /// Current pflow's orphan annotation (Pass 9, PR #317/#478/#511): an error, with the fixes chosen by whether the
        /// name is bound unconditionally at the top level (a local), read (an input that was never bound, or the batch
        /// alias), or neither.
        /// </summary>
        private void CurrentOrphan(CodeStepInfo info, ParseResult parse, AnnAssign ann, Name name, string annText, bool read, Func<TextSpan, TextSpan> map)
        {
            string key = name.Id;
            string? alias = _step.BatchAlias;
            bool assigned = TopLevelBound(parse.Module).Contains(key);
            var fixes = new List<Fix>();
            string suggestions;
            if (assigned && !(alias is not null && key == alias))
            {
                suggestions = Pass9Suggestions(
                    $"Remove the annotation '{key}: {annText}' — '{key}' is assigned in the code, so it's a local variable, not an input. To keep the type on a local, annotate the assignment itself: '{key}: {annText} = ...'.",
                    $"Or add '{key}' to the inputs dict (in params.inputs): {key}: ${{<source>}} — if it's a workflow input.");
                fixes.Add(RemoveLineFix(ann, map, $"Remove the annotation '{key}: {annText}'"));
                if (AddInputFix(key) is { } f) fixes.Add(f);
            }
            else if (read)
            {
                if (alias is not null && key == alias)
                {
                    suggestions = Pass9Suggestions($"Add '{key}' to the inputs dict (in params.inputs): {key}: ${{{key}}} (binds the batch alias into the code block)");
                    if (AddInputFix(key, $"${{{key}}}") is { } f) fixes.Add(f);
                }
                else
                {
                    var similar = Similarity.CloseMatches(key, info.Inputs.Properties().Select(p => p.Name).Order(StringComparer.Ordinal), 3, 0.6);
                    if (similar.Count > 0)
                    {
                        suggestions = Pass9Suggestions($"Rename the annotation to '{similar[0]}' to match the existing input binding.");
                        fixes.Add(new Fix($"Rename the annotation to '{similar[0]}'", [new TextEdit(map(name.Span), similar[0])], IsPreferred: true));
                    }
                    else
                    {
                        suggestions = Pass9Suggestions($"Add '{key}' to the inputs dict (in params.inputs): {key}: ${{<source>}}");
                        if (AddInputFix(key) is { } f) fixes.Add(f);
                    }
                }
            }
            else
            {
                suggestions = Pass9Suggestions($"Remove the annotation '{key}: {annText}' — it is never read in the code.");
                fixes.Add(RemoveLineFix(ann, map, $"Remove the annotation '{key}: {annText}'"));
            }
            _out.Add(new Diagnostic(map(ann.Span), Severity.Error, PflowRules.OrphanAnnotation.Code,
                $"Annotation '{key}: {annText}' has no corresponding entry in 'inputs'.{suggestions}", fixes.Count == 0 ? null : fixes));
        }

        /// <summary>
        /// pflow's <c>extract_code_assigned_names</c>: names a module-top-level statement binds unconditionally (an
        /// assignment not reading the name in its value, a valued annotation, def/class), the ones an orphan may be removed for.
        /// </summary>
        private static HashSet<string> TopLevelBound(Module module)
        {
            var bound = new HashSet<string>(StringComparer.Ordinal);
            foreach (var stmt in module.Body)
            {
                switch (stmt)
                {
                    case FunctionDef f: bound.Add(f.Name.Name); break;
                    case ClassDef c: bound.Add(c.Name.Name); break;
                    case Assign a:
                    {
                        var loaded = LoadedNames(a.Value);
                        foreach (var t in a.Targets)
                            foreach (var n in t.DescendantsAndSelf())
                                if (n is Name nm && !loaded.Contains(nm.Id)) bound.Add(nm.Id);
                        break;
                    }
                    case AnnAssign { Target: Name target, Value: { } value } when !LoadedNames(value).Contains(target.Id):
                        bound.Add(target.Id);
                        break;
                }
            }
            return bound;
        }

        private static HashSet<string> LoadedNames(Expr value)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in value.DescendantsAndSelf()) if (n is Name nm) set.Add(nm.Id);
            return set;
        }

        /// <summary>Current pflow's "Input 'k' is missing a type annotation in the code block." (Pass 9, PR #317), on module-scope annotations.</summary>
        private void CheckInputAnnotationsCurrent(CodeStepInfo info, CodeBlock? block)
        {
            foreach (var (key, value) in info.Inputs.Properties().Select(p => (p.Name, p.Value)).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (info.TopLevelAnnotations.ContainsKey(key)) continue;
                string? inferred = InferredDisplayType(value);
                string suggestion = inferred is not null
                    ? $"Add an annotation (in params.code): {key}: {inferred}  (inferred from {TemplateResolver.ToText(value)})"
                    : $"Add an annotation (in params.code): {key}: <type>";
                string type = inferred ?? InferredAnnotation(info, key);
                var fixes = block is null ? [] : new[]
                {
                    new Fix($"Add '{key}: {type}' to the code", [new TextEdit(new TextSpan(block.ContentSpan.Start, 0), $"{key}: {type}\n")], IsPreferred: true),
                };
                Add(PflowRules.MissingInputAnnotation, InputKeySpan(info.Inputs, key),
                    $"Input '{key}' is missing a type annotation in the code block.{Pass9Suggestions(suggestion)}", fixes);
            }
        }

        /// <summary>pflow's <c>_infer_missing_annotation_type</c>: str for a complex template, the simple template's type, else null.</summary>
        private string? InferredDisplayType(JToken? value)
        {
            if (value is not JValue { Type: JTokenType.String } s || !((string)s!).Contains("${", StringComparison.Ordinal)) return null;
            var expr = TemplateScanner.AsSimpleExpression((string)s!);
            if (expr is null) return "str";
            foreach (var op in expr.Operands)
                if (op.Ref is { } r && InferTemplateType(_wf, r, _earlier) is { } t && t != "any") return PflowTypes.PythonDisplay(t);
            return null;
        }

        /// <summary>Current pflow's prep check (#148): a type annotation written in a YAML input value (<c>x: str = ${y}</c>).</summary>
        private void CheckYamlAnnotations(CodeStepInfo info)
        {
            foreach (var (key, value) in info.Inputs)
            {
                if (value is not JValue { Type: JTokenType.String } s || !info.Annotations.TryGetValue(key, out var ann)) continue;
                string text = (string)s!;
                var m = YamlAnnotation().Match(text);
                if (!m.Success || PflowTypes.OuterBase(m.Groups[1].Value) is not ("int" or "float" or "str" or "bool" or "list" or "dict" or "set" or "tuple" or "bytes")) continue;
                string actual = text[(m.Index + m.Length - 1)..];
                var span = PyYaml.SpanOf(value)?.Span ?? InputKeySpan(info.Inputs, key);
                var fixes = new List<Fix>();
                if (PyYaml.SpanOf(value)?.Span is { } vs && _text.AsSpan(vs.Start, vs.Length).ToString() == text)
                    fixes.Add(new Fix($"Keep only the value: {actual}", [new TextEdit(vs, actual)], IsPreferred: true));
                Add(PflowRules.AnnotationInInput, span,
                    $"Input '{key}' appears to have a type annotation: \"{text}\"\n\nType annotations belong in the code block, not in inputs.\nWrite:\n  - inputs:\n      {key}: {actual}\n\n  ```python code\n  {key}: {ann.Text}\n  ```",
                    fixes.ToArray());
            }
        }

        /// <summary>
        /// Current pflow's Pass 9 type check: a simple template against its source's static type (inputs, node outputs,
        /// an upstream code step's <c>result</c> annotation), a complex template as str; otherwise (YAML literals,
        /// recorded samples) the run-time prep check and its text.
        /// </summary>
        private void CheckTypesCurrent(CodeStepInfo info, Func<TextSpan, TextSpan> map)
        {
            var runtimeOnly = new CodeStepInfo { Step = info.Step, Parse = info.Parse, Inputs = info.Inputs };
            foreach (var (key, (annotation, node)) in info.Annotations) runtimeOnly.Annotations[key] = (annotation, node);
            foreach (var (key, value) in info.Inputs)
            {
                if (!info.TopLevelAnnotations.TryGetValue(key, out var annotation) || value is not JValue { Type: JTokenType.String } s
                    || !((string)s!).Contains("${", StringComparison.Ordinal))
                {
                    if (info.InputTypes.TryGetValue(key, out var vt)) runtimeOnly.InputTypes[key] = vt;
                    continue;
                }
                string text = (string)s!;
                string? expected = PflowTypes.S1Name(annotation);
                bool optional = PflowTypes.OptionalInner(annotation.Trim()) is not null;
                var span = PyYaml.SpanOf(value)?.Span ?? InputKeySpan(info.Inputs, key);
                var annSpan = info.Annotations.TryGetValue(key, out var a) ? map(a.Node.Annotation.Span) : (TextSpan?)null;
                var expr = TemplateScanner.AsSimpleExpression(text);
                if (expected is null) continue;
                if (expr is null)
                {
                    if (expected is "string" or "any") continue;
                    string suggested = optional ? "str | None" : "str";
                    Add(PflowRules.InputTypeMismatch, span,
                        $"Input '{key}' expects {annotation} but receives str from {PythonRepr(value)} (complex templates are coerced to string at runtime)." +
                        Pass9Suggestions($"Change the type annotation (in params.code): {key}: {suggested}",
                            "Or drop the surrounding text so only a single template remains in the value",
                            $"Or accept any type (in params.code): {key}: Any"),
                        annSpan is { } sp1 ? [new Fix($"Change the annotation to '{key}: {suggested}'", [new TextEdit(sp1, suggested)])] : []);
                    continue;
                }
                bool statically = false;
                foreach (var op in expr.Operands)
                {
                    if (op.Ref is not { } r || InferTemplateType(_wf, r, _earlier) is not { } inferred || inferred == "any") continue;
                    statically = true;
                    if (PflowTypes.IsTypeCompatible(inferred, expected)) continue;
                    string display = PflowTypes.PythonDisplay(inferred);
                    string suggested = optional ? $"{display} | None" : display;
                    string root = r.Base;
                    string sourceFix = _wf.FindInput(root) is not null
                        ? $"Or change the workflow input declaration for '{root}' to '- type: {PflowTypes.PythonDisplay(expected)}' (currently {display})"
                        : $"Or change ${{{r.Path}}} to return {annotation}";
                    Add(PflowRules.InputTypeMismatch, span,
                        $"Input '{key}' expects {annotation} but receives {display} from ${{{r.Path}}}." +
                        Pass9Suggestions($"Change the type annotation (in params.code): {key}: {suggested}", sourceFix, $"Or accept any type (in params.code): {key}: Any"),
                        annSpan is { } sp2 ? [new Fix($"Change the annotation to '{key}: {suggested}'", [new TextEdit(sp2, suggested)])] : []);
                }
                // Without a static type, a recorded sample may still show what the run's prep check would say.
                if (!statically && info.InputTypes.TryGetValue(key, out var sampleType) && sampleType.Origin.StartsWith("the sample value", StringComparison.Ordinal))
                    runtimeOnly.InputTypes[key] = sampleType;
            }
            CheckTypes(runtimeOnly, map);
        }

        private Fix RemoveLineFix(Node node, Func<TextSpan, TextSpan> map, string title)
        {
            var span = map(node.Span);
            var lines = _wf.Text;
            int line = lines.LineOf(span.Start);
            int start = lines.LineStart(line);
            int end = line + 1 < lines.LineCount ? lines.LineStart(line + 1) : lines.LineEnd(line);
            bool wholeLine = _text[start..span.Start].Trim().Length == 0 && _text[span.End..lines.LineEnd(line)].Trim().Length == 0;
            return new Fix(title, [new TextEdit(wholeLine ? TextSpan.FromBounds(start, end) : span, "")]);
        }

        /// <summary>Module-scope statements pflow's validator walks: into if/for/while/with/try, not into def/class.</summary>
        private static IEnumerable<AnnAssign> ModuleScopeAnnotations(IEnumerable<Stmt> body)
        {
            foreach (var s in body)
            {
                switch (s)
                {
                    case AnnAssign a: yield return a; break;
                    case If i: foreach (var x in ModuleScopeAnnotations(i.Body.Concat(i.OrElse))) yield return x; break;
                    case For f: foreach (var x in ModuleScopeAnnotations(f.Body.Concat(f.OrElse))) yield return x; break;
                    case While w: foreach (var x in ModuleScopeAnnotations(w.Body.Concat(w.OrElse))) yield return x; break;
                    case With w: foreach (var x in ModuleScopeAnnotations(w.Body)) yield return x; break;
                    case Try t:
                        foreach (var x in ModuleScopeAnnotations(t.Body.Concat(t.Handlers.SelectMany(h => h.Body)).Concat(t.OrElse).Concat(t.FinalBody)))
                            yield return x;
                        break;
                }
            }
        }

        private void CheckTypes(CodeStepInfo info, Func<TextSpan, TextSpan> map)
        {
            bool later = _settings.PflowLater;
            foreach (var (key, vt) in info.InputTypes)
            {
                if (!info.Annotations.TryGetValue(key, out var ann)) continue;
                string annotation = ann.Text;
                if (!PflowTypes.IsChecked(annotation, later)) continue;
                if (vt.Types.Any(t => PflowTypes.Accepts(annotation, t, later) != false)) continue;
                string received = vt.Types[0];
                string message = $"Input '{key}' expects {annotation} but received {received}\n\nSuggestions:\n  - Change the type annotation to: {key}: {received}\n  - Or convert the input value to {annotation}";
                if (later) message += $"\n  - Or use `Any` to accept any type: {key}: Any";
                message += $"\n\n({received} is the type of {vt.Origin})";
                var span = PyYaml.SpanOf(info.Inputs[key])?.Span ?? InputKeySpan(info.Inputs, key);
                var fix = new Fix($"Change the annotation to '{key}: {received}'", [new TextEdit(map(ann.Node.Annotation.Span), received)]);
                Add(PflowRules.InputTypeMismatch, span, message, vt.Types.Count == 1 ? [fix] : []);
            }
        }

        private void CheckNames(BindResult bind, Func<TextSpan, TextSpan> map, HashSet<int> rejectedAt)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var u in bind.Unresolved)
            {
                if (rejectedAt.Contains(map(u.Span).Start)) continue;
                var fixes = new List<Fix>();
                if (seen.Add(u.Name) && AddInputFix(u.Name) is { } f) fixes.Add(f);
                Add(PflowRules.UndefinedName, map(u.Span),
                    $"Undefined variable '{u.Name}'\n\nSuggestions:\n  - Add '{u.Name}' to the inputs dict: \"inputs\": {{\"{u.Name}\": ...}}\n  - Or define '{u.Name}' in the code before use\n  - Check for typos in variable names",
                    fixes.ToArray());
            }
        }

        /// <summary>A fix that adds <c>name: ${source}</c> to <c>inputs</c> (and the annotation, so the code step loads).</summary>
        private Fix? AddInputFix(string name, string? given = null)
        {
            var block = _step.CodeBlock;
            if (block is null) return null;
            string source = given ?? (_wf.FindInput(name) is not null ? $"${{{name}}}"
                : Similarity.CloseMatches(name, _wf.Inputs.Select(i => i.Id), 1, 0.6).FirstOrDefault() is { } near ? $"${{{near}}}"
                : $"${{{name}}}");
            var edits = new List<TextEdit>();
            var lines = _wf.Text;
            if (_step.Params["inputs"] is JObject inputs && _step.Sources.TryGetValue("inputs", out var src) && !src.IsBlock)
            {
                var firstKey = inputs.Properties().Select(p => PyYaml.SpanOf(p.Value)?.KeySpan).FirstOrDefault(k => k is not null);
                var last = inputs.Properties().Select(p => PyYaml.SpanOf(p.Value)?.Span).LastOrDefault(k => k is not null);
                if (firstKey is null || last is null) return null;
                int col = firstKey.Value.Start - lines.LineStart(lines.LineOf(firstKey.Value.Start));
                if (_text.AsSpan(lines.LineStart(lines.LineOf(firstKey.Value.Start)), col).Trim().Length != 0) return null; // flow mapping
                int at = lines.LineEnd(lines.LineOf(last.Value.End));
                edits.Add(new TextEdit(new TextSpan(at, 0), "\n" + new string(' ', col) + $"{name}: {source}"));
            }
            else if (_step.Params["inputs"] is null && _step.Sources.TryGetValue("code", out _))
            {
                var anchor = _step.TypeSpan ?? _step.IdSpan;
                int at = lines.LineEnd(lines.LineOf(anchor.End));
                edits.Add(new TextEdit(new TextSpan(at, 0), $"\n- inputs:\n    {name}: {source}"));
            }
            else return null;
            edits.Add(new TextEdit(new TextSpan(block.ContentSpan.Start, 0), $"{name}: object\n"));
            return new Fix($"Add '{name}' to the inputs dict", edits);
        }

        private void CheckImports(WalkResult walk, Func<TextSpan, TextSpan> map)
        {
            var requires = new HashSet<string>(StringComparer.Ordinal);
            if (_step.Params["requires"] is JArray req)
                foreach (var r in req)
                    if (r.Type == JTokenType.String) requires.Add(NormalizePackage((string)r!));
            foreach (var n in walk.Imports)
            {
                switch (n)
                {
                    case Import imp:
                        foreach (var alias in imp.Names) CheckModule(alias.Name, map(alias.NameSpan), requires);
                        break;
                    case ImportFrom from when from.Level == 0 && from.Module is not null:
                        CheckModule(from.Module, map(from.ModuleSpan), requires);
                        break;
                }
            }
        }

        private static string NormalizePackage(string spec)
        {
            int cut = spec.IndexOfAny(['=', '<', '>', '!', '~', '[', ';', ' ']);
            return (cut >= 0 ? spec[..cut] : spec).Trim().ToLowerInvariant().Replace('-', '_');
        }

        private void CheckModule(string dotted, TextSpan span, HashSet<string> requires)
        {
            if (dotted.Length == 0 || PythonStdlib.Contains(dotted)) return;
            string top = dotted.Split('.')[0];
            if (requires.Contains(NormalizePackage(top))) return;
            var fixes = new List<Fix>();
            if (_step.Params["requires"] is null)
            {
                var anchor = _step.TypeSpan ?? _step.IdSpan;
                int at = _wf.Text.LineEnd(_wf.Text.LineOf(anchor.End));
                fixes.Add(new Fix($"Document the dependency: - requires: [{top}]", [new TextEdit(new TextSpan(at, 0), $"\n- requires: [{top}]")]));
            }
            Add(PflowRules.UndeclaredImport, span,
                $"Module '{top}' not found (it is neither in Python's standard library nor listed in 'requires')\n\nSuggestions:\n  - Install with: pipx inject pflow-cli {top}\n  - Or with uv (list existing extras first — uv replaces, not adds):\n    uv tool list --show-with\n    uv tool install --with {top} --with <existing-extras> pflow-cli\n  - Document dependency: \"requires\": [\"{top}\"]",
                fixes.ToArray());
        }

        /// <summary>Later pflow rejects lowercase 'any' and un-imported typing names in annotations.</summary>
        private HashSet<int> CheckLaterAnnotations(CodeStepInfo info, WalkResult walk, Func<TextSpan, TextSpan> map)
        {
            var rejectedAt = new HashSet<int>();
            var imported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in walk.Imports)
                if (n is ImportFrom f) foreach (var a in f.Names) imported.Add(a.AsName?.Name ?? a.Name);
            foreach (var (target, (text, ann)) in info.Annotations)
            {
                foreach (var n in ann.Annotation.DescendantsAndSelf())
                {
                    if (n is not Name name) continue;
                    // pflow's texts (python_code.py, _check_annotation_vocabulary and _suggest_for_nameerror).
                    if (name.Id == "any")
                        Add(PflowRules.InvalidAnnotation, map(name.Span),
                            $"Invalid type annotation for '{target}': 'any' (lowercase).\n\nUse 'Any' (capitalized) in Python code blocks. pflow auto-injects `typing.Any` — no import needed.\n  {target}: Any\n\nNote: lowercase 'any' is the legal spelling in `## Inputs` / `## Outputs` sections (e.g., `- type: any`), but Python annotations must use 'Any' (capitalized).",
                            new Fix("Change to 'Any'", [new TextEdit(map(name.Span), "Any")], IsPreferred: true));
                    else if (TypingNames.Contains(name.Id) && !imported.Contains(name.Id))
                    {
                        string lower = name.Id.ToLowerInvariant();
                        var (suggestion, fix) = name.Id switch
                        {
                            "List" or "Dict" or "Tuple" or "Set" or "FrozenSet" or "Type" =>
                                ($"  - Use '{lower}[...]' instead — Python 3.9+ supports lowercase built-in generics (PEP 585).\n    Example: 'x: {lower}[str]' instead of 'x: {name.Id}[str]'.",
                                 new Fix($"Use '{lower}'", [new TextEdit(map(name.Span), lower)], IsPreferred: true)),
                            "Union" => ("  - Use pipe syntax instead: 'A | B' (PEP 604, Python 3.10+).\n    Example: 'x: int | str' instead of 'x: Union[int, str]'.", null),
                            _ => ($"  - Add 'from typing import {name.Id}' at the top of your code block.\n    (pflow auto-injects 'Any' and 'Optional' — other typing names need explicit import.)",
                                  _step.CodeBlock is { } b ? new Fix($"Add 'from typing import {name.Id}'", [new TextEdit(new TextSpan(b.ContentSpan.Start, 0), $"from typing import {name.Id}\n")]) : null),
                        };
                        Add(PflowRules.InvalidAnnotation, map(name.Span), $"Invalid type annotation for '{target}': '{name.Id}' is not defined.\n\n{suggestion}",
                            fix is null ? [] : [fix]);
                        rejectedAt.Add(map(name.Span).Start);
                    }
                }
                _ = text;
            }
            return rejectedAt;
        }
    }
}
