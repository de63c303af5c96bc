// Compile-stage errors (what compile() refuses after ast.parse accepted): the parser API and the dialects that report them.
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Dialects.Pflow;
using CodeNodeLsp.Tests.Dialects.StackAi;
using CodeNodeLsp.Tests.Dialects.Voxworks;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class CompileChecksTests
{
    [Theory]
    // The expectations are CPython 3.12's compile() answers: line, 1-based column, message.
    [InlineData("x = 1\nreturn x", 2, 1, "'return' outside function")]
    [InlineData("for x in y:\n    pass\nelse:\n    break", 4, 5, "'break' outside loop")]
    [InlineData("while x:\n    def f():\n        continue", 3, 9, "'continue' not properly in loop")]
    [InlineData("def f(a, b, a): pass", 1, 13, "duplicate argument 'a' in function definition")]
    [InlineData("def f():\n    x = 1\n    global x", 3, 5, "name 'x' is assigned to before global declaration")]
    [InlineData("class A:\n    def f():\n        nonlocal __x", 3, 9, "no binding for nonlocal '_A__x' found")]
    [InlineData("import os\nfrom __future__ import annotations", 2, 1, "from __future__ imports must occur at the beginning of the file")]
    [InlineData("from __future__ import braces", 1, 1, "not a chance")]
    [InlineData("def f():\n    [x async for y in z]", 2, 5, "asynchronous comprehension outside of an asynchronous function")]
    [InlineData("async def f():\n    return 2\n    yield 1", 2, 5, "'return' with value in async generator")]
    [InlineData("a, *b, *c = d", 1, 1, "multiple starred expressions in assignment")]
    [InlineData("match x:\n    case a:\n        pass\n    case b:\n        pass", 2, 10, "name capture 'a' makes remaining patterns unreachable")]
    // The symbol table's errors come before the compiler's, whatever their position.
    [InlineData("return 1\ndef f(a, a): pass", 2, 10, "duplicate argument 'a' in function definition")]
    public void First_compile_error_is_CPythons(string code, int line, int column, string message)
    {
        var r = PythonParser.Parse(code);
        Assert.Empty(r.Errors);
        var first = Assert.IsType<SyntaxError>(r.FirstError);
        Assert.Equal(message, first.Message);
        Assert.Equal((line, column), CPythonDifferentialTests.LineAndColumn(code, first.Span.Start));
        Assert.Same(first, r.AllErrors[0]);
    }

    [Theory]
    [InlineData("def f():\n    return 1\n")]
    [InlineData("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n")]
    [InlineData("async def f():\n    async with a:\n        await b\n    return [x async for x in y]\n")]
    [InlineData("for x in y:\n    try:\n        pass\n    finally:\n        continue\n")]
    [InlineData("\"\"\"doc\"\"\"\nfrom __future__ import annotations\nimport os\n")]
    [InlineData("def f(*args: *Ts): pass\nprint(*a, *b)\nx = *a, *b\na[*b] = 1\n")]
    [InlineData("lambda: (yield)\nmatch x:\n    case a if a:\n        pass\n    case _:\n        pass\n")]
    public void Valid_code_has_no_compile_error(string code)
    {
        var r = PythonParser.Parse(code);
        Assert.Empty(r.AllErrors);
    }

    [Fact]
    public void Code_with_a_syntax_error_gets_no_compile_errors()
    {
        // A broken tree would give false compile errors (the return's def did not parse); CPython stops at the first.
        var r = PythonParser.Parse("def f(:\n    return 1\n");
        Assert.NotEmpty(r.Errors);
        Assert.Empty(r.CompileErrors);
    }

    [Fact]
    public void Pflow_reports_a_module_level_return_as_the_nodes_compile_error_and_keeps_checking()
    {
        // pflow loads the block with ast.parse (accepted) and compiles it before running it (refused).
        string text = "# T\n\nTest.\n\n## Steps\n\n### run\n\nRun code.\n\n- type: code\n\n```python code\nresult: int = 1\nreturn result\n```\n";
        var diags = PflowTestSupport.Analyze(text).Diagnostics;
        var d = Assert.Single(diags, x => x.Code == "CN001");
        Assert.StartsWith("Python SyntaxError when the node compiles the code: 'return' outside function", d.Message);
        Assert.Equal("return result", text.Substring(d.Span.Start, d.Span.Length));
    }

    [Fact]
    public void Stack_ai_and_voxworks_report_compile_errors()
    {
        var stack = StackAiFixtures.Analyze("def main(args):\n    return {'a': 1}\n\nbreak\n");
        Assert.Contains(stack.Diagnostics, d => d.Code == "CN001" && d.Message == "'break' outside loop");
        var vox = VoxworksValidator.Validate("def run():\n    for x in [1]:\n        pass\n    continue\n    return True\n", VoxworksFixtures.Context(null));
        Assert.Contains(vox.Diagnostics, d => d.Code == "CN001" && d.Message == "'continue' not properly in loop");
        Assert.False(vox.CanRun);
    }
}
