// Reads a .pflow.md file the way pflow's Markdown parser does (a line state machine), keeping every position.
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// pflow's reading of a workflow (PLATFORMS.md A.2): optional frontmatter, <c>## Inputs/Steps/Outputs</c>,
/// <c>### id</c> entities with prose, <c>- key: value</c> bullets (with continuation lines) parsed together as
/// YAML, and fenced blocks whose last info word names the parameter. pflow stops at its first error; this reader
/// records each error with pflow's text and keeps going, so one mistake does not hide the rest of the file.
/// </summary>
public static partial class WorkflowReader
{
    // Generated at build time, not compiled at run time: a compiled Regex emits and JIT-compiles code when the class
    // is first used, which cost a fresh server time and memory on its first pflow document.
    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRe();
    [GeneratedRegex(@"^(\s*)- (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemRe();

    private const string KeyValueHint =
        "Parameters must be key: value pairs:\n    - type: shell\n    - timeout: 30\n\nFor notes, use * instead of -:\n    * This is a documentation note";

    /// <summary>An entity while its lines are being collected.</summary>
    private sealed class Collector
    {
        public required WorkflowEntity Entity;
        public readonly List<string> Prose = [];
        /// <summary>Each bullet item: the document line indices it spans (first line first).</summary>
        public readonly List<List<int>> Items = [];
        public readonly List<CodeBlock> Blocks = [];
    }

    public static PflowWorkflow Read(SourceText text)
    {
        var wf = new PflowWorkflow { Text = text };
        var reader = new State(text, wf);
        reader.Run();
        return wf;
    }

    private sealed class State
    {
        private readonly SourceText _text;
        private readonly PflowWorkflow _wf;
        private readonly List<Collector> _collectors = [];
        private readonly Dictionary<WorkflowSection, int> _seenSections = [];
        private readonly Dictionary<WorkflowSection, List<int>> _orphans = [];
        private Collector? _current;
        private WorkflowSection _section = WorkflowSection.None;
        private bool _stepsFound;
        private TextSpan? _stepsHeading;

        // Open fence state.
        private bool _inBlock;
        private string _fence = "";
        private string _blockTag = "";
        private int _fenceLine;
        private int _blockFirstLine;

        // Bullet continuation state.
        private List<int>? _item;
        private int _itemIndent;

        public State(SourceText text, PflowWorkflow wf) { _text = text; _wf = wf; }

        private void Add(RuleInfo rule, TextSpan span, string message) => _wf.Diagnostics.Add(Diagnostic.Of(rule, span, message));

        private TextSpan LineSpan(int line) => TextSpan.FromBounds(_text.LineStart(line), _text.LineEnd(line));

        /// <summary>The span of a line's text without its leading and trailing blanks (so squiggles sit on the text).</summary>
        private TextSpan TrimmedLineSpan(int line)
        {
            int s = _text.LineStart(line), e = _text.LineEnd(line);
            while (s < e && char.IsWhiteSpace(_text.Text[s])) s++;
            while (e > s && char.IsWhiteSpace(_text.Text[e - 1])) e--;
            return TextSpan.FromBounds(s, e);
        }

        public void Run()
        {
            int lineCount = _text.LineCount;
            int bodyStart = ReadFrontmatter();
            for (int line = bodyStart; line < lineCount; line++)
            {
                // Inside a fenced block only a fence line matters; the others are skipped without copying them, so a
                // 10,000-line code block costs no string per line.
                if (_inBlock && !IsFence(_text.Text.AsSpan(_text.LineStart(line), _text.LineEnd(line) - _text.LineStart(line)).Trim())) continue;
                string raw = _text.LineText(line);
                string stripped = raw.Trim();

                if (IsFence(stripped))
                {
                    if (_inBlock)
                    {
                        if (IsClosingFence(stripped, _fence))
                        {
                            CloseBlock(line);
                            continue;
                        }
                        continue;
                    }
                    FlushItem();
                    int n = 0;
                    char fc = stripped[0];
                    while (n < stripped.Length && stripped[n] == fc) n++;
                    _fence = stripped[..n];
                    _blockTag = stripped[n..].Trim();
                    _fenceLine = line;
                    _blockFirstLine = line + 1;
                    _inBlock = true;
                    continue;
                }
                if (_inBlock) continue;

                if (stripped.StartsWith("# ", StringComparison.Ordinal))
                {
                    // pflow: any "# " line ends a bullet; only the first one is the title and closes the entity.
                    FlushItem();
                    if (_wf.Title is null)
                    {
                        _wf.Title = stripped[2..].Trim();
                        CloseEntity(line);
                    }
                    continue;
                }
                if (stripped.StartsWith("## ", StringComparison.Ordinal))
                {
                    FlushItem();
                    CloseEntity(line);
                    StartSection(line, stripped[3..].Trim());
                    continue;
                }
                if (stripped.StartsWith("### ", StringComparison.Ordinal))
                {
                    FlushItem();
                    CloseEntity(line);
                    StartEntity(line, raw);
                    continue;
                }

                if (_current is not null)
                {
                    if (_item is not null)
                    {
                        int indent = raw.Length - raw.TrimStart().Length;
                        if (stripped.Length == 0 || indent >= _itemIndent)
                        {
                            _item.Add(line);
                            continue;
                        }
                        FlushItem();
                    }
                    var m = ItemRe().Match(raw);
                    if (m.Success)
                    {
                        _item = [line];
                        _itemIndent = m.Groups[1].Length + 2;
                        continue;
                    }
                    if (stripped.Length == 0) continue;
                    _current.Prose.Add(stripped);
                    continue;
                }

                if (_section is WorkflowSection.Inputs or WorkflowSection.Steps or WorkflowSection.Outputs && stripped.Length > 0)
                {
                    if (!_orphans.TryGetValue(_section, out var list)) _orphans[_section] = list = [];
                    list.Add(line);
                }
            }

            FlushItem();
            if (_inBlock)
            {
                // pflow: the unclosed block is reported at its opening fence.
                Add(PflowRules.UnclosedBlock, TrimmedLineSpan(_fenceLine),
                    $"Unclosed code block.\n\nAdd a closing fence ({_fence}) to match the opening fence at line {_fenceLine + 1}.");
                CloseBlock(null);
            }
            CloseEntity(lineCount);
            ReportOrphans();
            ReportMissingSteps();
            foreach (var c in _collectors) Build(c);
        }

        private int ReadFrontmatter()
        {
            if (_text.LineCount == 0 || _text.LineText(0).TrimEnd() != "---") return 0;
            for (int i = 1; i < _text.LineCount; i++)
            {
                if (_text.LineText(i).TrimEnd() != "---") continue;
                if (i > 1)
                {
                    var range = TextSpan.FromBounds(_text.LineStart(1), _text.LineEnd(i - 1));
                    var data = PyYaml.LoadAt(_text.Text, range, out var err);
                    if (err is not null) Add(PflowRules.YamlSyntax, err.Span, $"Invalid YAML in frontmatter: {err.Message}");
                    else if (data is JObject o) _wf.Frontmatter = o;
                }
                return i + 1;
            }
            return 0;
        }

        private static bool IsFence(ReadOnlySpan<char> stripped) =>
            stripped.StartsWith("```", StringComparison.Ordinal) || stripped.StartsWith("~~~", StringComparison.Ordinal);

        private static bool IsClosingFence(string stripped, string opening)
        {
            char c = opening[0];
            if (stripped.Length < opening.Length) return false;
            foreach (char ch in stripped) if (ch != c) return false;
            return true;
        }

        private void CloseBlock(int? closeLine)
        {
            int lastContent = (closeLine ?? _text.LineCount) - 1;
            int start = _text.LineStart(_blockFirstLine);
            int end = lastContent >= _blockFirstLine ? _text.LineEnd(lastContent) : start;
            if (_blockFirstLine >= _text.LineCount) start = end = _text.Length;
            var parts = _blockTag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var block = new CodeBlock
            {
                Tag = _blockTag,
                ParamName = parts.Length == 0 ? "" : parts[^1],
                Language = parts.Length == 0 ? "" : parts[0].ToLowerInvariant(),
                FenceSpan = TrimmedLineSpan(_fenceLine),
                ContentSpan = TextSpan.FromBounds(start, Math.Max(start, end)),
                CloseSpan = closeLine is int cl ? TrimmedLineSpan(cl) : null,
                FenceLine = _fenceLine + 1,
                Content = _text.Text[start..Math.Max(start, end)],
            };
            _inBlock = false;
            if (_current is not null) _current.Blocks.Add(block);
            else if (closeLine is int c2 && _section is WorkflowSection.Inputs or WorkflowSection.Steps or WorkflowSection.Outputs)
            {
                if (!_orphans.TryGetValue(_section, out var list)) _orphans[_section] = list = [];
                list.Add(_fenceLine);
                list.Add(c2);
            }
        }

        private void FlushItem()
        {
            if (_item is null) return;
            while (_item.Count > 1 && _text.LineText(_item[^1]).Trim().Length == 0) _item.RemoveAt(_item.Count - 1);
            _current?.Items.Add(_item);
            _item = null;
        }

        private void StartSection(int line, string name)
        {
            _current = null;
            string lower = name.ToLowerInvariant();
            _section = lower switch
            {
                "inputs" => WorkflowSection.Inputs,
                "steps" => WorkflowSection.Steps,
                "outputs" => WorkflowSection.Outputs,
                _ => WorkflowSection.Unknown,
            };
            var span = TrimmedLineSpan(line);
            if (_section != WorkflowSection.Unknown)
            {
                string display = _section.ToString();
                if (_seenSections.TryGetValue(_section, out int first))
                    Add(PflowRules.DuplicateSection, span,
                        $"Duplicate '## {display}' section.\n\nMerge with the existing '## {display}' section at line {first + 1}.");
                else _seenSections[_section] = line;
                _wf.SectionHeadings.Add((_section, span));
            }
            if (_section == WorkflowSection.Steps)
            {
                _stepsFound = true;
                _stepsHeading ??= span;
            }
            string? expected = lower switch { "input" => "Inputs", "output" => "Outputs", "step" => "Steps", _ => null };
            if (expected is not null)
                Add(PflowRules.SectionTypo, span, $"Line {line + 1}: '## {name}' looks like a typo for '## {expected}'.\n\nRename to '## {expected}'.");
        }

        private void StartEntity(int line, string raw)
        {
            int start = _text.LineStart(line);
            int hashes = raw.IndexOf("### ", StringComparison.Ordinal);
            int idStart = hashes + 4;
            while (idStart < raw.Length && char.IsWhiteSpace(raw[idStart])) idStart++;
            int idEnd = raw.Length;
            while (idEnd > idStart && char.IsWhiteSpace(raw[idEnd - 1])) idEnd--;
            string id = raw[idStart..idEnd];
            var idSpan = new TextSpan(start + idStart, idEnd - idStart);
            if (!IdRe().IsMatch(id))
                Add(PflowRules.InvalidEntityId, idSpan,
                    $"Invalid entity ID '{id}'.\n\nIDs must start with a lowercase letter and contain only lowercase letters, digits, hyphens, and underscores.\nPattern: ^[a-z][a-z0-9_-]*$");
            foreach (var c in _collectors)
            {
                if (c.Entity.Id == id && c.Entity.Section == _section)
                {
                    Add(PflowRules.DuplicateEntityId, idSpan,
                        $"Duplicate entity ID '{id}'.\n\nAn entity with ID '{id}' was already defined at line {c.Entity.HeadingLine}.");
                    break;
                }
            }
            WorkflowEntity entity = _section switch
            {
                WorkflowSection.Inputs => new WorkflowInput { Id = id, Section = _section, HeadingSpan = TrimmedLineSpan(line), IdSpan = idSpan, HeadingLine = line + 1 },
                WorkflowSection.Outputs => new WorkflowOutput { Id = id, Section = _section, HeadingSpan = TrimmedLineSpan(line), IdSpan = idSpan, HeadingLine = line + 1 },
                _ => new WorkflowStep
                {
                    Id = id, Section = _section, HeadingSpan = TrimmedLineSpan(line), IdSpan = idSpan, HeadingLine = line + 1,
                    Index = _collectors.Count(c => c.Entity.Section == WorkflowSection.Steps && _section == WorkflowSection.Steps),
                },
            };
            _current = new Collector { Entity = entity };
            _collectors.Add(_current);
        }

        private void CloseEntity(int nextLine)
        {
            if (_current is null) return;
            int start = _current.Entity.HeadingSpan.Start;
            int end = nextLine >= _text.LineCount ? _text.Length : _text.LineStart(nextLine);
            _current.Entity.Span = TextSpan.FromBounds(start, Math.Max(start, end));
            _current = null;
        }

        private void ReportOrphans()
        {
            foreach (var (section, lines) in _orphans)
            {
                string name = section.ToString();
                int first = lines.Min(), last = lines.Max();
                string lineRef = first == last ? $"line {first + 1}" : $"lines {first + 1}-{last + 1}";
                var span = TrimmedLineSpan(first);
                bool hasEntities = _collectors.Any(c => c.Entity.Section == section);
                if (!hasEntities)
                    _wf.Diagnostics.Add(new Diagnostic(span, Severity.Error, PflowRules.OrphanContent.Code,
                        $"'{name}' section has content but no {name.ToLowerInvariant()} were parsed ({lineRef}).\n\n{name} must use ### heading syntax."));
                else
                    Add(PflowRules.OrphanContent, span,
                        $"Unparsed content in '{name}' section ({lineRef}). Content before the first ### heading is not captured.\n\nMove content under a ### heading, or remove it.");
            }
        }

        private void ReportMissingSteps()
        {
            const string hint = "\n\nEvery workflow needs a Steps section with at least one node:\n\n    ## Steps\n\n    ### my-node\n\n    Description of what this node does.\n\n    - type: shell";
            if (!_stepsFound)
                Add(PflowRules.MissingSteps, new TextSpan(0, Math.Min(_text.Length, _text.LineEnd(0))), "Missing '## Steps' section." + hint);
            else if (!_collectors.Any(c => c.Entity.Section == WorkflowSection.Steps))
                Add(PflowRules.MissingSteps, _stepsHeading ?? new TextSpan(0, 0), "The '## Steps' section has no nodes." + hint);
        }

        /// <summary>Turns a collected entity into params, as pflow's _build_*_dict functions do.</summary>
        private void Build(Collector c)
        {
            var e = c.Entity;
            if (e.Section is not (WorkflowSection.Inputs or WorkflowSection.Steps or WorkflowSection.Outputs)) return;
            e.Description = c.Prose.Count == 0 ? null : string.Join("\n", c.Prose);
            e.Blocks.AddRange(c.Blocks);
            if (c.Prose.Count == 0)
                Add(PflowRules.MissingDescription, e.IdSpan,
                    $"Entity '{e.Id}' (line {e.HeadingLine}) is missing a description.\n\nAdd a text paragraph between the heading and the parameters:\n\n    ### {e.Id}\n\n    Description of what this entity does and why.\n\n    - type: shell");
            ValidateBlocks(c);
            ParseItems(c);
            foreach (var block in c.Blocks)
            {
                if (block.ParamName.Length == 0) continue;
                if (e.Sources.TryGetValue(block.ParamName, out var existing))
                {
                    if (!existing.IsBlock)
                        Add(PflowRules.InlineAndBlock, block.FenceSpan,
                            $"Parameter '{block.ParamName}' is defined both inline and as a code block.\n\nRemove either the inline '- {block.ParamName}: ...' or the code block. Each parameter should be defined only once.");
                    continue;
                }
                JToken value;
                if (block.IsYaml)
                {
                    value = PyYaml.LoadAt(_text.Text, block.ContentSpan, out var err) ?? JValue.CreateNull();
                    if (err is not null)
                    {
                        Add(PflowRules.YamlSyntax, err.Span, $"YAML syntax error in '{block.Tag}' block: {err.Message}");
                        value = JValue.CreateNull();
                    }
                }
                else
                {
                    value = new JValue(block.Content);
                    value.AddAnnotation(new YamlSpan(block.ContentSpan, null, false));
                }
                e.Params[block.ParamName] = value;
                e.Sources[block.ParamName] = new ParamSource(block.ParamName, block.FenceSpan, block.ContentSpan, block);
            }
            switch (e)
            {
                case WorkflowStep step:
                    if (e.Params.TryGetValue("type", out var type))
                    {
                        step.Type = type.Type == JTokenType.String ? (string?)type : type.ToString();
                        step.TypeSpan = e.Sources["type"].ValueSpan;
                        e.Params.Remove("type");
                    }
                    else if (e.ParamsParsed)
                    {
                        Add(PflowRules.MissingType, e.IdSpan,
                            $"Node '{e.Id}' is missing a 'type' parameter.\n\nEvery node needs a type:\n\n    ### {e.Id}\n\n    Description of what this node does.\n\n    - type: shell");
                    }
                    if (e.Params.TryGetValue("batch", out var batch))
                    {
                        step.Batch = batch;
                        step.BatchSpan = e.Sources["batch"].ValueSpan;
                        e.Params.Remove("batch");
                    }
                    _wf.Steps.Add(step);
                    break;
                case WorkflowInput input: _wf.Inputs.Add(input); break;
                case WorkflowOutput output: _wf.Outputs.Add(output); break;
            }
        }

        private void ValidateBlocks(Collector c)
        {
            var seen = new Dictionary<string, CodeBlock>(StringComparer.Ordinal);
            CodeBlock? lastTagged = null;
            foreach (var b in c.Blocks)
            {
                if (b.Tag.Length == 0)
                {
                    if (lastTagged is not null)
                        Add(PflowRules.UntaggedBlock, b.FenceSpan,
                            $"Code block has no tag (likely caused by nested ``` in the `{lastTagged.Tag}` block at line {lastTagged.FenceLine}).\n\nAn inner ``` closes the outer block early, making this line\nlook like a new code block.\n\nFix: Use 4+ backticks for the outer fence:\n    ````{lastTagged.Tag}\n    content with ``` inside\n    ````");
                    else
                        Add(PflowRules.UntaggedBlock, b.FenceSpan,
                            "Code block has no tag.\n\nAdd a tag to identify what this code block contains:\n    ```shell command\n    ```prompt\n    ```python code\n    ```yaml batch\n\nTip: To include ``` inside a code block, use 4+ backticks\nor tildes for the outer fence.");
                    continue;
                }
                lastTagged = b;
                if (seen.TryGetValue(b.ParamName, out var first))
                    Add(PflowRules.DuplicateBlock, b.FenceSpan,
                        $"Duplicate code block for '{b.ParamName}'.\n\nA '{b.ParamName}' code block was already defined at line {first.FenceLine}. Each parameter can only have one code block.");
                else seen[b.ParamName] = b;
            }
        }

        /// <summary>Joins the entity's bullets into one YAML text (as pflow does) and merges the mappings it yields.</summary>
        private void ParseItems(Collector c)
        {
            var e = c.Entity;
            if (c.Items.Count == 0) return;
            var sb = new System.Text.StringBuilder();
            var offsets = new List<int>();
            foreach (var item in c.Items)
            {
                foreach (int line in item)
                {
                    if (sb.Length > 0) sb.Append('\n');
                    offsets.Add(_text.LineStart(line));
                    sb.Append(_text.LineText(line));
                }
            }
            var parsed = PyYaml.Load(sb.ToString(), offsets, out var err);
            if (err is not null)
            {
                e.ParamsParsed = false;
                _wf.Diagnostics.Add(new Diagnostic(err.Span, Severity.Error, PflowRules.YamlSyntax.Code,
                    $"YAML syntax error in parameters for '{e.Id}': {err.Message}",
                    Related: [new RelatedInfo(e.IdSpan, $"pflow reports this at line {e.HeadingLine}")]));
                return;
            }
            IEnumerable<JToken> entries = parsed switch
            {
                JArray a => a,
                null => [],
                _ => [parsed],
            };
            foreach (var entry in entries)
            {
                if (entry is not JObject obj)
                {
                    string content = entry is JValue v ? Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "None" : entry.ToString(Newtonsoft.Json.Formatting.None);
                    var span = PyYaml.SpanOf(entry)?.Span ?? e.IdSpan;
                    Add(PflowRules.NotKeyValue, span, $"'{content}' is not a valid parameter. Use * for documentation bullets.\n\n{KeyValueHint}");
                    e.ParamsParsed = false;
                    continue;
                }
                foreach (var prop in obj.Properties().ToList())
                {
                    // Move the property (not a copy): Newtonsoft clones a token that has a parent, and a clone
                    // loses the span annotations of nested values.
                    var info = PyYaml.SpanOf(prop.Value);
                    var keySpan = info?.KeySpan ?? e.IdSpan;
                    var valueSpan = info?.Span ?? keySpan;
                    prop.Remove();
                    e.Params.Remove(prop.Name);
                    e.Params.Add(prop);
                    e.Sources[prop.Name] = new ParamSource(prop.Name, keySpan, valueSpan, null);
                }
            }
        }
    }
}
