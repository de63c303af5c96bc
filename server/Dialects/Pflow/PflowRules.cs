// The rule table of the pflow dialect: every code this dialect reports is listed here.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// pflow rules. PF0xx: workflow structure (what pflow's Markdown parser rejects). PF1xx: templates and node types
/// (what pflow's static validator reports). PF2xx: code steps (what the code node checks before and while it runs).
/// Messages mirror pflow's own texts (PLATFORMS.md A.2, A.7, A.8).
/// </summary>
public static class PflowRules
{
    private static RuleInfo R(string code, string name, Severity severity, string summary) => new(code, name, DialectIds.Pflow, severity, summary);

    // ── structure ──
    public static readonly RuleInfo InvalidEntityId = R("PF001", "invalid-entity-id", Severity.Error,
        "An ### id must match ^[a-z][a-z0-9_-]*$.");
    public static readonly RuleInfo DuplicateEntityId = R("PF002", "duplicate-entity-id", Severity.Error,
        "Two entities of one section have the same id.");
    public static readonly RuleInfo MissingDescription = R("PF003", "missing-description", Severity.Error,
        "Every ### entity needs a prose paragraph.");
    public static readonly RuleInfo MissingType = R("PF004", "missing-type", Severity.Error,
        "A step has no '- type:' parameter.");
    public static readonly RuleInfo UntaggedBlock = R("PF005", "untagged-code-block", Severity.Error,
        "A fenced block has no info string, so pflow cannot tell which parameter it gives.");
    public static readonly RuleInfo UnclosedBlock = R("PF006", "unclosed-code-block", Severity.Error,
        "A fenced block is never closed.");
    public static readonly RuleInfo DuplicateBlock = R("PF007", "duplicate-code-block", Severity.Error,
        "Two fenced blocks give the same parameter.");
    public static readonly RuleInfo InlineAndBlock = R("PF008", "param-inline-and-block", Severity.Error,
        "A parameter is given both as a '- key: value' bullet and as a fenced block.");
    public static readonly RuleInfo NotKeyValue = R("PF009", "bullet-not-key-value", Severity.Error,
        "A '- ' bullet in an entity is not 'key: value' (use * for documentation bullets).");
    public static readonly RuleInfo YamlSyntax = R("PF010", "yaml-syntax-error", Severity.Error,
        "The parameters (or a yaml block, or the frontmatter) are not valid YAML.");
    public static readonly RuleInfo MissingSteps = R("PF011", "missing-steps", Severity.Error,
        "The workflow has no '## Steps' section or the section has no steps.");
    public static readonly RuleInfo DuplicateSection = R("PF012", "duplicate-section", Severity.Error,
        "A '## Inputs', '## Steps' or '## Outputs' section appears twice.");
    public static readonly RuleInfo SectionTypo = R("PF013", "section-typo", Severity.Warning,
        "'## Input', '## Step' or '## Output' looks like a typo for the plural section name.");
    public static readonly RuleInfo OrphanContent = R("PF014", "orphan-section-content", Severity.Warning,
        "Content in a section before its first ### heading is not read (an error when the section has no entities).");

    // ── routing (current pflow; 0.8 has none) ──
    public static readonly RuleInfo ReservedEndId = R("PF015", "reserved-end-id", Severity.Error,
        "(current pflow) 'end' is a reserved routing keyword and cannot be a step id.");
    public static readonly RuleInfo UnknownRoutingTarget = R("PF016", "unknown-routing-target", Severity.Error,
        "(current pflow) A '- next:', '- on-error:' or code 'next' target names no step.");
    public static readonly RuleInfo DynamicNextUndeclared = R("PF017", "dynamic-next-undeclared", Severity.Error,
        "(current pflow) The code sets 'next' to a computed value but the step has no '- next:' listing its targets.");
    public static readonly RuleInfo BranchTargetWithoutNext = R("PF018", "branch-target-without-next", Severity.Error,
        "(current pflow) A step reached by routing has no '- next:' of its own.");
    public static readonly RuleInfo FallthroughIntoBranchTarget = R("PF019", "fallthrough-into-branch-target", Severity.Error,
        "(current pflow) A step of the main flow falls through, in document order, into a routing target.");

    // ── templates and node types ──
    public static readonly RuleInfo UnknownSource = R("PF101", "template-no-source", Severity.Error,
        "A template names neither a workflow input nor a step of this workflow.");
    public static readonly RuleInfo LaterStep = R("PF102", "template-later-step", Severity.Error,
        "A template reads a step that runs later, or the step itself.");
    public static readonly RuleInfo BareNode = R("PF103", "template-bare-node", Severity.Error,
        "A template names a step without an output key (${node} instead of ${node.key}).");
    public static readonly RuleInfo UnknownOutput = R("PF104", "template-unknown-output", Severity.Error,
        "The step's node type does not declare this output key (or path).");
    public static readonly RuleInfo NestedOnString = R("PF105", "template-nested-on-string", Severity.Warning,
        "A path goes into a string output; it resolves only when the string holds JSON at run time.");
    public static readonly RuleInfo MalformedTemplate = R("PF106", "template-malformed", Severity.Error,
        "A '${' does not start a valid template (missing '}', empty, spaces, two indices in one segment...).");
    public static readonly RuleInfo UnusedInput = R("PF107", "unused-input", Severity.Error,
        "A declared workflow input is never used by a template.");
    public static readonly RuleInfo UnknownNodeType = R("PF108", "unknown-node-type", Severity.Error,
        "The step's type is not a pflow node type (mcp-* types are dynamic and not reported).");
    public static readonly RuleInfo DeniedNodeType = R("PF109", "node-type-denied-by-default", Severity.Warning,
        "git-*, github-* and test node types are hidden unless pflow's settings allow them.");
    public static readonly RuleInfo UnknownParam = R("PF110", "unknown-parameter", Severity.Warning,
        "The node type has no such parameter.");
    public static readonly RuleInfo BatchItemOutside = R("PF111", "batch-item-outside-batch", Severity.Warning,
        "A batch item variable (${item}, ${__index__}) is used outside the batched step, where it has no value.");
    public static readonly RuleInfo RequiredWithDefault = R("PF112", "required-input-with-default", Severity.Warning,
        "A required input has a default, which pflow only uses when 'required: false'.");
    public static readonly RuleInfo InputIndex = R("PF113", "template-index-on-input", Severity.Error,
        "An index directly on a workflow input (${xs[0]}) is rejected by pflow.");
    public static readonly RuleInfo InvalidField = R("PF114", "invalid-entity-field", Severity.Error,
        "An input or output has a field pflow's schema does not allow.");
    public static readonly RuleInfo InvalidBatch = R("PF115", "invalid-batch", Severity.Error,
        "The batch configuration does not follow pflow's schema.");

    // ── code steps ──
    public static readonly RuleInfo MissingCode = R("PF201", "missing-code", Severity.Error,
        "A code step has no (or empty) 'code'.");
    public static readonly RuleInfo MissingInputAnnotation = R("PF202", "input-missing-annotation", Severity.Error,
        "A key of 'inputs' has no type annotation in the code.");
    public static readonly RuleInfo MissingResultAnnotation = R("PF203", "result-missing-annotation", Severity.Error,
        "The code does not annotate 'result'.");
    public static readonly RuleInfo ResultNotAssigned = R("PF204", "result-not-assigned", Severity.Error,
        "'result' is never assigned at module level, so the run fails with \"Code must set 'result' variable\".");
    public static readonly RuleInfo OrphanAnnotation = R("PF205", "orphan-annotation", Severity.Warning,
        "A bare annotation (x: T) has no entry in 'inputs'; reading it raises NameError.");
    public static readonly RuleInfo InputTypeMismatch = R("PF206", "input-type-mismatch", Severity.Error,
        "An input's value type (YAML literal, declared type, upstream output or sample) does not match its annotation.");
    public static readonly RuleInfo TemplateInCode = R("PF207", "template-in-code", Severity.Warning,
        "A ${...} template is written inside the Python block; templates belong in 'inputs'.");
    public static readonly RuleInfo UndefinedName = R("PF208", "undefined-name", Severity.Error,
        "A name is read but never bound: the run raises NameError.");
    public static readonly RuleInfo UndeclaredImport = R("PF209", "undeclared-import", Severity.Warning,
        "An import is neither standard library nor listed in 'requires'.");
    public static readonly RuleInfo InvalidTimeout = R("PF210", "invalid-timeout", Severity.Error,
        "'timeout' is not a positive number.");
    public static readonly RuleInfo InputsNotDict = R("PF211", "inputs-not-dict", Severity.Error,
        "'inputs' is not a mapping.");
    public static readonly RuleInfo InvalidAnnotation = R("PF212", "invalid-annotation", Severity.Error,
        "(current pflow) An annotation uses lowercase 'any' or a typing name that is not imported.");
    public static readonly RuleInfo AnnotationInInput = R("PF213", "annotation-in-input", Severity.Error,
        "(current pflow) An inputs value starts with a type annotation ('x: str = ${y}'); it belongs in the code.");

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        InvalidEntityId, DuplicateEntityId, MissingDescription, MissingType, UntaggedBlock, UnclosedBlock, DuplicateBlock,
        InlineAndBlock, NotKeyValue, YamlSyntax, MissingSteps, DuplicateSection, SectionTypo, OrphanContent,
        ReservedEndId, UnknownRoutingTarget, DynamicNextUndeclared, BranchTargetWithoutNext, FallthroughIntoBranchTarget,
        UnknownSource, LaterStep, BareNode, UnknownOutput, NestedOnString, MalformedTemplate, UnusedInput,
        UnknownNodeType, DeniedNodeType, UnknownParam, BatchItemOutside, RequiredWithDefault, InputIndex, InvalidField,
        InvalidBatch,
        MissingCode, MissingInputAnnotation, MissingResultAnnotation, ResultNotAssigned, OrphanAnnotation,
        InputTypeMismatch, TemplateInCode, UndefinedName, UndeclaredImport, InvalidTimeout, InputsNotDict,
        InvalidAnnotation, AnnotationInInput,
    ];
}
