// Focused parser, lexer and binder cases that name one behaviour each (the data-driven suites cover the breadth).
using CodeNodeLsp.Syntax.Python;
using Assert = Xunit.Assert;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;

namespace CodeNodeLsp.Tests.Syntax;

public class ParserBasicsTests
{
    private static ParseResult Parse(string text, PlaceholderSyntax ph = PlaceholderSyntax.None) =>
        PythonParser.Parse(text, new ParseOptions(ph));

    private static string FirstError(string text)
    {
        var r = Parse(text);
        Assert.NotEmpty(r.Errors);
        var e = r.Errors[0];
        int line = 1;
        for (int i = 0; i < e.Span.Start; i++) if (text[i] == '\n') line++;
        return $"{line}: {e.Message}";
    }

    [Theory]
    [InlineData("x = 1\n")]
    [InlineData("def f(a, *b, c=1, **d):\n\treturn a\n")]
    [InlineData("s = f'{a!r:>{w}} {b=}' rb'\\x' '''t\n'''\n")]
    [InlineData("x = (1,\n  2)\r\ny = 3 \\\n  + 4")]
    [InlineData("  # comment only\n\n\n")]
    [InlineData("if x:\n    if y:\n        pass\n  bad\n")]
    [InlineData("x = 'unterminated\ny = \"\"\"also\n")]
    public void Tokens_round_trip_the_source(string text)
    {
        var r = Parse(text);
        Assert.Equal(text, TokenText.Concat(r.Tokens));
    }

    [Theory]
    [InlineData("if x\n    pass\n", "1: expected ':'")]
    [InlineData("print(1\nx = 2\n", "1: '(' was never closed")]
    [InlineData("foo(a b)\n", "1: invalid syntax. Perhaps you forgot a comma?")]
    [InlineData("a = 'abc\n", "1: unterminated string literal (detected at line 1)")]
    [InlineData("a = '''abc\n\nx\n", "1: unterminated triple-quoted string literal (detected at line 3)")]
    [InlineData("if x:\npass\n", "2: expected an indented block after 'if' statement on line 1")]
    [InlineData("x = 1\n  y = 2\n", "2: unexpected indent")]
    [InlineData("if x:\n    a\n  b\n", "3: unindent does not match any outer indentation level")]
    [InlineData("f() = 1\n", "1: cannot assign to function call here. Maybe you meant '==' instead of '='?")]
    [InlineData("f() = x = 1\n", "1: cannot assign to function call")]
    [InlineData("x = 1\ny = (2 +\nz = 3\n", "2: '(' was never closed")]
    public void Errors_use_CPython_wording_and_line(string text, string expected)
    {
        Assert.Equal(expected, FirstError(text));
    }

    /// <summary>
    /// An unclosed bracket ends before the first later line that starts a statement at the indentation of the line
    /// that opened it (or less); deeper lines and lines that begin like a continuation stay inside. Each case lists
    /// every statement as "line:kind" and every error as "line: message".
    /// </summary>
    [Theory]
    [InlineData("x = foo(1,\ndef g():\n    return 2\n", "1:Assign 2:FunctionDef 3:Return | 1: '(' was never closed")]
    [InlineData("x = (1,\ny = 2\nz = 3\n", "1:Assign 2:Assign 3:Assign | 1: '(' was never closed")]
    [InlineData("def main(args):\n    x = foo(args\n    y = bar(1)\n    return y\n",
        "1:FunctionDef 2:Assign 3:Assign 4:Return | 2: '(' was never closed")]
    [InlineData("x = (1,\nif y:\n    pass\nz = 1 +\n", "1:Assign 2:If 3:Pass 4:Assign | 1: '(' was never closed; 4: invalid syntax")]
    [InlineData("x = foo(\n    a,\n    b\ny = 2\n", "1:Assign 4:Assign | 1: '(' was never closed")]
    [InlineData("x = foo(a, bar(\nb, c)\ny = 2\n", "1:Assign 3:Assign | 1: '(' was never closed")]
    [InlineData("total = (a\n+ b\nand c\ny = 2\n", "1:Assign 4:Assign | 1: '(' was never closed")]
    [InlineData("x = foo(a\n\n# note\n\ny = 2\n", "1:Assign 5:Assign | 1: '(' was never closed")]
    [InlineData("x = [1, 2\nif x:\n    pass\nelse:\n    y = {\nz = 3\n",
        "1:Assign 2:If 3:Pass 5:Assign 6:Assign | 1: '[' was never closed; 5: '{' was never closed")]
    [InlineData("x = foo(a, [1,\ny = 2\n", "1:Assign 2:Assign | 1: '[' was never closed")]
    public void Unclosed_bracket_does_not_swallow_following_statements(string text, string expected)
    {
        var r = Parse(text);
        Assert.Null(TreeInvariants.Violation(r));
        var statements = r.Module.DescendantsAndSelf().OfType<Stmt>().Select(n => $"{LineOf(text, n.Span.Start)}:{n.GetType().Name}");
        var errors = r.Errors.Select(e => $"{LineOf(text, e.Span.Start)}: {e.Message}");
        Assert.Equal(expected, string.Join(" ", statements) + " | " + string.Join("; ", errors));
    }

    [Fact]
    public void Valid_brackets_spanning_lines_at_the_statements_indentation_are_not_closed_early()
    {
        // The closing line, and even an argument, at the indentation of the opening line: valid, so read once.
        var r = Parse("x = foo(\na,\n    b,\n)\ny = [\n1]\n");
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Module.Body.Count);
    }

    private static int LineOf(string text, int offset) => InvalidCorpusTests.LineOf(text, offset);

    [Fact]
    public void Broken_line_keeps_the_rest_of_the_file()
    {
        var r = Parse("a = 1\nb = = 2\nc = 3\n");
        Assert.Equal(3, r.Module.Body.Count);
        Assert.IsType<Assign>(r.Module.Body[2]);
    }

    [Fact]
    public void Dot_at_end_keeps_the_partial_expression()
    {
        var r = Parse("x = foo.\n");
        var assign = Assert.IsType<Assign>(r.Module.Body[0]);
        var attr = Assert.IsType<Attribute>(assign.Value);
        Assert.Equal("foo", Assert.IsType<Name>(attr.Value).Id);
        Assert.True(attr.Attr.IsMissing);
        Assert.Equal(attr, attr.Attr.Parent);
    }

    [Fact]
    public void Spans_are_absolute_when_parsing_a_range()
    {
        string md = "# Title\n```python code\nx = 1\n```\n";
        int start = md.IndexOf("x = 1", StringComparison.Ordinal);
        var r = PythonParser.Parse(md, new CodeNodeLsp.Text.TextSpan(start, 6));
        var assign = Assert.IsType<Assign>(Assert.Single(r.Module.Body));
        Assert.Equal(start, assign.Span.Start);
        Assert.Equal("x", md.Substring(assign.Targets[0].Span.Start, 1));
    }

    [Fact]
    public void Voxworks_placeholder_is_an_atom_and_a_target()
    {
        var r = Parse("def run():\n    {{custom.count}} = {{custom.count}} + 1\n    return [\"{{contact.email}}\" == x]\n", PlaceholderSyntax.Voxworks);
        Assert.Empty(r.Errors);
        var f = Assert.IsType<FunctionDef>(r.Module.Body[0]);
        var assign = Assert.IsType<Assign>(f.Body[0]);
        var target = Assert.IsType<Placeholder>(assign.Targets[0]);
        Assert.Equal("custom.count", target.Path);
        Assert.Equal(PlaceholderKind.Voxworks, target.Kind);
        Assert.Single(PlaceholderScanner.InStrings(r, PlaceholderSyntax.Voxworks));
    }

    [Fact]
    public void Pflow_placeholder_in_code_is_a_node_without_a_generic_error()
    {
        var r = Parse("data = ${fetch.response[${i}]}\n", PlaceholderSyntax.Pflow);
        Assert.Empty(r.Errors);
        var assign = Assert.IsType<Assign>(r.Module.Body[0]);
        Assert.Equal("fetch.response[${i}]", Assert.IsType<Placeholder>(assign.Value).Path);
    }

    [Fact]
    public void Malformed_pflow_template_leaves_the_report_to_the_pflow_rule()
    {
        var r = Parse("x = ${node.value\ny = 1\n", PlaceholderSyntax.Pflow);
        Assert.Empty(r.Errors);
        var assign = Assert.IsType<Assign>(r.Module.Body[0]);
        Assert.Equal("node.value", Assert.IsType<Placeholder>(assign.Value).Path);
        Assert.Equal(2, r.Module.Body.Count);
    }

    [Fact]
    public void Placeholders_are_plain_text_when_switched_off()
    {
        var r = Parse("x = {{a.b}}\n");
        var assign = Assert.IsType<Assign>(r.Module.Body[0]);
        Assert.IsType<SetExpr>(assign.Value);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        string text = new string('(', 100_000) + new string(')', 100_000) + "\n";
        ParseResult? r = null;
        var thread = new Thread(() => r = Parse(text), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(r);
        Assert.Contains(r!.Errors, e => e.Message == "too many nested parentheses");
        string unary = "x = " + string.Concat(Enumerable.Repeat("-", 100_000)) + "1\n";
        var thread2 = new Thread(() => r = Parse(unary), 256 * 1024);
        thread2.Start();
        thread2.Join();
        Assert.NotEmpty(r!.Errors);
    }

    [Fact]
    public void Binder_reports_reads_nothing_binds()
    {
        var r = Parse("""
            import os.path
            def f(a):
                global g
                g = a + b
                return [y for y in a if (z := y)] + [z, os, __name__, len]
            class C:
                attr = 1
                def m(self):
                    return attr
            try:
                pass
            except E as e:
                print(e, undefined_thing)
            """);
        var bind = Binder.Bind(r.Module, new HashSet<string> { "E" });
        Assert.Equal(["b", "attr", "undefined_thing"], bind.Unresolved.Select(u => u.Name).ToArray());
        Assert.True(bind.ModuleScope.Symbols["g"].IsBound);
        Assert.True(bind.ModuleScope.Symbols["os"].IsImport);
    }
}
