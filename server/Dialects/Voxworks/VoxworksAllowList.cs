// The one table of what a Voxworks Code Step may contain: constructs, built-ins, helpers, methods, and their docs.
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>Where a callable comes from; completion and hover show it.</summary>
public enum CallableKind { Builtin, Helper, Method }

/// <summary>What a callable is known to return, so return checks can tell a definite non-bool.</summary>
public enum ValueShape { Unknown, Bool, Number, String, List, Dict, Tuple, Set, None }

/// <summary>
/// One allow-listed function or method: its signature and one-line doc (completion and hover), the positional
/// argument counts it accepts and the keyword arguments it documents (argument checks), what it returns.
/// </summary>
public sealed record AllowedCallable(
    string Name,
    CallableKind Kind,
    string Group,
    string Signature,
    string Doc,
    int MinArgs,
    int MaxArgs,
    IReadOnlyList<string> Keywords,
    ValueShape Returns = ValueShape.Unknown)
{
    /// <summary>True when any keyword name is accepted (dict(a=1) makes keys of them); '_' names are still refused.</summary>
    public bool AnyKeywords { get; init; }
}

/// <summary>How the validator treats a syntax construct.</summary>
public enum ConstructStatus
{
    /// <summary>Shown by the platform's docs or plain structure (arguments, slices): no diagnostic.</summary>
    Allowed,
    /// <summary>Neither shown nor forbidden by the docs: a warning that the deny-by-default validator may refuse it.</summary>
    Undocumented,
    /// <summary>Forbidden by the docs, or a way out of the sandbox: an error.</summary>
    Forbidden,
}

/// <summary>The validator's verdict on one AST node type; <see cref="Label"/> names it in messages.</summary>
public sealed record ConstructRule(ConstructStatus Status, string Label, string? Message = null);

/// <summary>
/// The allow-list from PLATFORMS.md C.3 and the construct policy from C.1/C.5, in one place. The validator, the
/// completion and hover providers, the renderer and the runner's harness all read this table; nothing else lists
/// allowed names. A node type that is missing from <see cref="Constructs"/> is refused (deny by default).
/// </summary>
public static class VoxworksAllowList
{
    private static AllowedCallable B(string name, string sig, string doc, int min, int max, ValueShape returns, params string[] kw) =>
        new(name, CallableKind.Builtin, "built-in", sig, doc, min, max, kw, returns);

    private static AllowedCallable H(string group, string name, string sig, string doc, int min, int max, ValueShape returns = ValueShape.Unknown) =>
        new(name, CallableKind.Helper, group, sig, doc, min, max, [], returns);

    private static AllowedCallable M(string name, string sig, string doc, int min, int max, ValueShape returns, params string[] kw) =>
        new(name, CallableKind.Method, "method", sig, doc, min, max, kw, returns);

    private const int Many = int.MaxValue;

    /// <summary>The allow-listed built-ins and flow helpers, callable by name.</summary>
    public static IReadOnlyList<AllowedCallable> FunctionList { get; } =
    [
        B("abs", "abs(x)", "Absolute value of a number.", 1, 1, ValueShape.Number),
        B("all", "all(iterable)", "True when every item is truthy (True for an empty iterable).", 1, 1, ValueShape.Bool),
        B("any", "any(iterable)", "True when at least one item is truthy.", 1, 1, ValueShape.Bool),
        B("bool", "bool(x=False)", "Truth value of x.", 0, 1, ValueShape.Bool),
        B("dict", "dict(mapping_or_pairs=None, **keys)", "A new dict; keyword arguments become keys.", 0, 1, ValueShape.Dict) with { AnyKeywords = true },
        B("enumerate", "enumerate(iterable, start=0)", "Pairs (index, item) for each item.", 1, 2, ValueShape.Unknown, "start"),
        B("float", "float(x=0.0)", "Converts a number or numeric string to float.", 0, 1, ValueShape.Number),
        B("int", "int(x=0, base=10)", "Converts a number or numeric string to int.", 0, 2, ValueShape.Number, "base"),
        B("len", "len(x)", "Number of items in a string, list, tuple or dict.", 1, 1, ValueShape.Number),
        B("list", "list(iterable=())", "A new list.", 0, 1, ValueShape.List),
        B("max", "max(iterable) / max(a, b, ...)", "Largest item.", 1, Many, ValueShape.Unknown, "key", "default"),
        B("min", "min(iterable) / min(a, b, ...)", "Smallest item.", 1, Many, ValueShape.Unknown, "key", "default"),
        B("print", "print(*values, sep=' ', end='\\n')", "Writes values to the call's system notes (one note per output line).", 0, Many, ValueShape.None, "sep", "end"),
        B("range", "range(stop) / range(start, stop[, step])", "Integers from start (0) up to, not including, stop.", 1, 3, ValueShape.Unknown),
        B("round", "round(number, ndigits=None)", "Rounds a number.", 1, 2, ValueShape.Number, "ndigits"),
        B("set", "set(iterable=())", "A new set.", 0, 1, ValueShape.Set),
        B("sorted", "sorted(iterable, key=None, reverse=False)", "A new sorted list.", 1, 1, ValueShape.List, "key", "reverse"),
        B("str", "str(x='')", "Text form of x.", 0, 1, ValueShape.String),
        B("sum", "sum(iterable, start=0)", "Sum of the numbers.", 1, 2, ValueShape.Number, "start"),
        B("tuple", "tuple(iterable=())", "A new tuple.", 0, 1, ValueShape.Tuple),

        H("flow", "coalesce", "coalesce(value, default)", "Returns default when value is None or \"\", else value.", 2, 2),
        H("flow", "is_empty", "is_empty(value)", "True for None, \"\", [] and {}.", 1, 1, ValueShape.Bool),
        H("flow", "is_not_empty", "is_not_empty(value)", "The opposite of is_empty(value).", 1, 1, ValueShape.Bool),
        H("flow", "map_value", "map_value(key, mapping, default)", "mapping[key] (string keys lowercased and stripped first), else default.", 2, 3),
        H("type", "is_string", "is_string(value)", "True when value is a string.", 1, 1, ValueShape.Bool),
        H("type", "is_number", "is_number(value)", "True when value is an int or float (not a bool).", 1, 1, ValueShape.Bool),
        H("type", "is_list", "is_list(value)", "True when value is a list.", 1, 1, ValueShape.Bool),
        H("type", "is_dict", "is_dict(value)", "True when value is a dict.", 1, 1, ValueShape.Bool),
        H("object", "get_variable", "get_variable(ref, default)", "Reads a variable by reference; prefer {{ns.path}} placeholders.", 1, 2),
        H("object", "set_variable", "set_variable(ref, value)", "Writes a variable by reference; prefer assigning to a {{ns.path}} placeholder.", 2, 2, ValueShape.None),
        H("object", "get_object", "get_object(type_id, path, default)", "Reads a dot path of a custom object.", 2, 3),
        H("object", "set_object", "set_object(type_id, path, value)", "Writes a dot path of a custom object, creating nested dicts.", 3, 3, ValueShape.None),
        H("object", "get_path", "get_path(obj, path, default)", "Reads a dot path inside a dict or list value.", 2, 3),
        H("object", "set_path", "set_path(obj, path, value)", "Writes a dot path inside a dict value, creating nested dicts.", 3, 3, ValueShape.None),
        H("object", "commit_contact_timezone", "commit_contact_timezone(iana, state, city)", "Validates an Australian IANA zone and updates the contact's timezone and location; with no arguments reads {{timezone.resolved_*}}.", 0, 3),
        H("object", "commit_composite_outputs", "commit_composite_outputs()", "Inside a sub-flow: commits and returns the sorted output ids (an empty list outside).", 0, 0, ValueShape.List),
        H("date", "parse_datetime", "parse_datetime(text)", "Parses an ISO 8601 date/time string.", 1, 1),
        H("date", "timezone_offset", "timezone_offset(iana, at=None)", "UTC offset of an IANA zone at a time (default now; naive times are local wall time); \"\" when invalid.", 1, 2),
        H("random", "random_int", "random_int(min_value, max_value)", "A random integer between the bounds, both included.", 2, 2, ValueShape.Number),
        H("random", "random_shuffle", "random_shuffle(values)", "A shuffled copy of the values.", 1, 1),
        H("text", "regex_match", "regex_match(pattern, value)", "True when the regular expression matches the value.", 2, 2),
        H("text", "json_dumps", "json_dumps(value)", "Serialises a value to a JSON string.", 1, 1, ValueShape.String),
        H("text", "json_loads", "json_loads(text)", "Parses a JSON string.", 1, 1),
    ];

    /// <summary>The allow-listed methods, callable on any value (mostly strings; get on dicts, append on lists).</summary>
    public static IReadOnlyList<AllowedCallable> MethodList { get; } =
    [
        M("append", "list.append(item)", "Adds an item to the end of a list.", 1, 1, ValueShape.None),
        M("endswith", "str.endswith(suffix)", "True when the string ends with suffix (or one of a tuple of suffixes).", 1, 3, ValueShape.Bool),
        M("get", "dict.get(key, default=None)", "The value for key, or default when the key is missing.", 1, 2, ValueShape.Unknown),
        M("join", "str.join(iterable)", "Joins strings with this string between them.", 1, 1, ValueShape.String),
        M("lower", "str.lower()", "Lower-case copy.", 0, 0, ValueShape.String),
        M("lstrip", "str.lstrip(chars=None)", "Copy without leading whitespace (or chars).", 0, 1, ValueShape.String),
        M("replace", "str.replace(old, new, count=-1)", "Copy with occurrences of old replaced by new.", 2, 3, ValueShape.String),
        M("rstrip", "str.rstrip(chars=None)", "Copy without trailing whitespace (or chars).", 0, 1, ValueShape.String),
        M("split", "str.split(sep=None, maxsplit=-1)", "List of the parts between separators.", 0, 2, ValueShape.List, "sep", "maxsplit"),
        M("startswith", "str.startswith(prefix)", "True when the string starts with prefix (or one of a tuple of prefixes).", 1, 3, ValueShape.Bool),
        M("strip", "str.strip(chars=None)", "Copy without leading and trailing whitespace (or chars).", 0, 1, ValueShape.String),
        M("upper", "str.upper()", "Upper-case copy.", 0, 0, ValueShape.String),
    ];

    /// <summary>
    /// The allow-list as the run harness receives it with every job (<c>"allow"</c>): the harness builds the step's
    /// namespace from these names alone and re-checks the code against them, so this table is the one source of
    /// truth for both sides. A keyword list of <c>["*"]</c> accepts any keyword name (<see cref="AllowedCallable.AnyKeywords"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, object> HarnessTable() => new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["builtins"] = FunctionList.Where(f => f.Kind == CallableKind.Builtin).Select(f => f.Name).ToArray(),
        ["helpers"] = FunctionList.Where(f => f.Kind == CallableKind.Helper).Select(f => f.Name).ToArray(),
        ["methods"] = MethodList.Select(m => m.Name).ToArray(),
        ["functionKeywords"] = FunctionList.ToDictionary(f => f.Name, KeywordsForHarness, StringComparer.Ordinal),
        ["methodKeywords"] = MethodList.ToDictionary(m => m.Name, KeywordsForHarness, StringComparer.Ordinal),
        ["callableKeywords"] = CallableKeywords.Order(StringComparer.Ordinal).ToArray(),
        ["classPatternTypes"] = ClassPatternTypes.Order(StringComparer.Ordinal).ToArray(),
        ["constants"] = Constants.Order(StringComparer.Ordinal).ToArray(),
    };

    private static string[] KeywordsForHarness(AllowedCallable c) => c.AnyKeywords ? ["*"] : [.. c.Keywords];

    public static IReadOnlyDictionary<string, AllowedCallable> Functions { get; } =
        FunctionList.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, AllowedCallable> Methods { get; } =
        MethodList.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Names that are always defined inside run(): the constants.</summary>
    public static IReadOnlySet<string> Constants { get; } = new HashSet<string>(StringComparer.Ordinal) { "True", "False", "None" };

    /// <summary>
    /// Keyword arguments whose value the callee calls (<c>sorted(x, key=len)</c>). Their value must name an allow-listed
    /// function (or be None): a local or a computed value there would be a callable the validator never saw.
    /// </summary>
    public static IReadOnlySet<string> CallableKeywords { get; } = new HashSet<string>(StringComparer.Ordinal) { "key" };

    /// <summary>
    /// The classes a <c>case C(...)</c> pattern may name: the allow-listed built-in types. Their positional
    /// sub-pattern matches the subject itself; keyword sub-patterns read attributes and are refused.
    /// </summary>
    public static IReadOnlySet<string> ClassPatternTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "dict", "float", "int", "list", "set", "str", "tuple",
    };

    /// <summary>The methods that turn their receiver string into a format string ("{0.x}".format(v) reads v.x).</summary>
    public static IReadOnlySet<string> FormatMethods { get; } = new HashSet<string>(StringComparer.Ordinal) { "format", "format_map" };

    /// <summary>
    /// Python's built-ins that the allow-list leaves out. Using one is refused with "Function 'x' is not allowed"
    /// (called) or "Name 'x' is not allowed" (read), rather than the NameError wording used for unknown names.
    /// </summary>
    public static IReadOnlySet<string> OtherBuiltins { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "aiter", "anext", "ascii", "bin", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod",
        "compile", "complex", "copyright", "credits", "delattr", "dir", "divmod", "eval", "exec", "exit", "filter",
        "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "isinstance",
        "issubclass", "iter", "license", "locals", "map", "memoryview", "next", "object", "oct", "open", "ord",
        "pow", "property", "quit", "repr", "reversed", "setattr", "slice", "staticmethod", "super", "type", "vars",
        "zip", "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError",
        "NotImplemented", "Ellipsis",
    };

    /// <summary>
    /// Disallowed calls with an allowed equivalent, offered as a quick fix. Keys are the callee as written
    /// (a name or a dotted module attribute).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Replacements { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["json.dumps"] = "json_dumps",
        ["json.loads"] = "json_loads",
        ["re.match"] = "regex_match",
        ["re.search"] = "regex_match",
        ["re.fullmatch"] = "regex_match",
        ["random.randint"] = "random_int",
        ["random.shuffle"] = "random_shuffle",
        ["datetime.fromisoformat"] = "parse_datetime",
        ["datetime.datetime.fromisoformat"] = "parse_datetime",
        ["format"] = "str",
    };

    /// <summary><c>isinstance(x, T)</c> with one of these types becomes the type helper.</summary>
    public static IReadOnlyDictionary<string, string> IsInstanceReplacements { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["str"] = "is_string",
        ["int"] = "is_number",
        ["float"] = "is_number",
        ["list"] = "is_list",
        ["dict"] = "is_dict",
    };

    /// <summary>What an import of a module should use instead, for the import error's message.</summary>
    public static IReadOnlyDictionary<string, string> ImportHints { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["json"] = "json_dumps() and json_loads()",
        ["re"] = "regex_match()",
        ["random"] = "random_int() and random_shuffle()",
        ["datetime"] = "parse_datetime() and timezone_offset()",
        ["zoneinfo"] = "timezone_offset()",
    };

    private const string NotShown = "is not shown in the Voxworks docs; the platform's deny-by-default validator may refuse it";

    private static ConstructRule Ok(string label) => new(ConstructStatus.Allowed, label);
    private static ConstructRule Maybe(string label) => new(ConstructStatus.Undocumented, label, $"{Capitalize(label)} {NotShown}");
    private static ConstructRule No(string label, string message) => new(ConstructStatus.Forbidden, label, message);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// Every AST node type and the verdict on it. Allowed entries may still get checks in code (calls, names,
    /// attributes, placeholders, returns); Undocumented entries warn; Forbidden entries are refused with the message.
    /// A test checks that every concrete node type of the syntax tree is listed.
    /// </summary>
    public static IReadOnlyDictionary<Type, ConstructRule> Constructs { get; } = new Dictionary<Type, ConstructRule>
    {
        // Statements shown by the docs (C.1, C.2, C.5): the run() function, assignments, if, for, returns, expressions.
        [typeof(Module)] = Ok("module"),
        [typeof(FunctionDef)] = No("nested function", "Nested functions are not allowed"),
        [typeof(Return)] = Ok("return"),
        [typeof(Assign)] = Ok("assignment"),
        [typeof(AugAssign)] = Ok("augmented assignment"),
        [typeof(If)] = Ok("if statement"),
        [typeof(For)] = Ok("for loop"),
        [typeof(ExprStmt)] = Ok("expression statement"),
        [typeof(Pass)] = Ok("pass"),
        [typeof(Break)] = Ok("break"),
        [typeof(Continue)] = Ok("continue"),
        [typeof(ErrorStmt)] = Ok("unparsed statement"),

        // Statements the docs forbid.
        [typeof(ClassDef)] = No("class", "Classes are not allowed"),
        [typeof(Import)] = No("import", "Imports are not allowed"),
        [typeof(ImportFrom)] = No("import", "Imports are not allowed"),
        [typeof(Global)] = No("global", "global is not allowed"),
        [typeof(Nonlocal)] = No("nonlocal", "nonlocal is not allowed"),
        [typeof(TypeAlias)] = No("type alias", "Type alias statements are not allowed"),

        // Statements neither shown nor forbidden.
        [typeof(While)] = Maybe("a while loop"),
        [typeof(Try)] = Maybe("try/except"),
        [typeof(ExceptHandler)] = Ok("except clause"),
        [typeof(With)] = Maybe("a with statement"),
        [typeof(WithItem)] = Ok("with item"),
        [typeof(Raise)] = Maybe("raise"),
        [typeof(Assert)] = Maybe("assert"),
        [typeof(Delete)] = Maybe("del"),
        [typeof(AnnAssign)] = Maybe("an annotated assignment"),
        [typeof(Match)] = Maybe("a match statement"),
        [typeof(MatchCase)] = Ok("case clause"),

        // Expressions shown by the docs or plain arithmetic and logic.
        [typeof(BoolOp)] = Ok("boolean operator"),
        [typeof(BinOp)] = Ok("binary operator"),
        [typeof(UnaryOp)] = Ok("unary operator"),
        [typeof(Compare)] = Ok("comparison"),
        [typeof(IfExp)] = Ok("conditional expression"),
        [typeof(DictExpr)] = Ok("dict literal"),
        [typeof(ListExpr)] = Ok("list literal"),
        [typeof(TupleExpr)] = Ok("tuple literal"),
        [typeof(Call)] = Ok("call"),
        [typeof(Arguments)] = Ok("arguments"),
        [typeof(Keyword)] = Ok("keyword argument"),
        [typeof(Constant)] = Ok("constant"),
        [typeof(StringLiteral)] = Ok("string"),
        [typeof(FormattedValue)] = Ok("f-string field"),
        [typeof(Name)] = Ok("name"),
        [typeof(Identifier)] = Ok("identifier"),
        [typeof(Placeholder)] = Ok("placeholder"),
        [typeof(ErrorExpr)] = Ok("unparsed expression"),
        [typeof(Attribute)] = Ok("attribute"),

        // Expressions neither shown nor forbidden.
        [typeof(Subscript)] = Maybe("subscripting"),
        [typeof(Slice)] = Ok("slice"),
        [typeof(SetExpr)] = Maybe("a set literal"),
        [typeof(ComprehensionExpr)] = Maybe("a comprehension"),
        [typeof(Comprehension)] = Ok("comprehension clause"),
        [typeof(NamedExpr)] = Maybe("an assignment expression (:=)"),
        [typeof(Starred)] = Maybe("star unpacking"),

        // Expressions the docs forbid or that leave the sandbox.
        [typeof(Lambda)] = No("lambda", "Lambdas are not allowed"),
        [typeof(Await)] = No("await", "await is not allowed"),
        [typeof(Yield)] = No("yield", "yield is not allowed: it makes run() a generator, and run() must return bool or list/tuple of bools"),

        // Pieces of function headers; the header itself is checked in code.
        [typeof(Parameters)] = Ok("parameters"),
        [typeof(Parameter)] = Ok("parameter"),
        [typeof(TypeParam)] = No("type parameter", "Type parameters are not allowed"),
        [typeof(Alias)] = Ok("import alias"),

        // Match patterns ride along with the match statement's warning.
        [typeof(MatchValue)] = Ok("pattern"),
        [typeof(MatchSingleton)] = Ok("pattern"),
        [typeof(MatchSequence)] = Ok("pattern"),
        [typeof(MatchMapping)] = Ok("pattern"),
        [typeof(MatchClass)] = Maybe("a class pattern"),
        [typeof(MatchStar)] = Ok("pattern"),
        [typeof(MatchAs)] = Ok("pattern"),
        [typeof(MatchOr)] = Ok("pattern"),
    };

    /// <summary>The verdict for a node; a type the table does not know is refused.</summary>
    public static ConstructRule ConstructOf(Node node) =>
        Constructs.TryGetValue(node.GetType(), out var rule)
            ? rule
            : new ConstructRule(ConstructStatus.Forbidden, node.GetType().Name, $"{node.GetType().Name} is not allowed");
}
