// Unit tests of the TypeScript syntax checker: the person-like mistakes of issue #23 and bad input.
using CodeNodeLsp.Syntax.TypeScript;

namespace CodeNodeLsp.Tests.Syntax.TypeScript;

public class TsParserTests
{
    /// <summary>The first error as "line: message (TScode)", lines counted from 1.</summary>
    private static string First(string source)
    {
        var errors = TsParser.Check(source);
        Assert.NotEmpty(errors);
        var e = errors[0];
        int line = source[..e.Span.Start].Count(c => c == '\n') + 1;
        return $"{line}: {e.Message} (TS{e.Code})";
    }

    [Theory]
    // A missing comma between object properties on separate lines: the compiler names the second property's line.
    [InlineData("function main(args) {\n  return {\n    a: 1\n    b: 2,\n  };\n}\n", "4: ',' expected. (TS1005)")]
    // A missing comma between arguments.
    [InlineData("function main(args) {\n  const x = Math.max(1 2);\n  return { x };\n}\n", "2: ',' expected. (TS1005)")]
    // A stray character in an expression.
    [InlineData("function main(args) {\n  const x = 1 + # 2;\n  return { x };\n}\n", "2: Invalid character. (TS1127)")]
    // A line cut mid-expression: the compiler names the next line, where the expression cannot go on.
    [InlineData("function main(args) {\n  const x = args.a +\n  return { x };\n}\n", "3: Expression expected. (TS1109)")]
    // An unclosed generic '<'.
    [InlineData("function main(args: Record<string, any) {\n  return {};\n}\n", "1: '>' expected. (TS1005)")]
    // A dropped ')' deep inside main is reported where the call ends, not on an outer bracket.
    [InlineData("function main(args) {\n  if (args.a) {\n    console.log(args.a;\n  }\n  return {};\n}\n", "3: ')' expected. (TS1005)")]
    // Unterminated literals.
    [InlineData("function main(args) {\n  const s = \"abc;\n  return { s };\n}\n", "2: Unterminated string literal. (TS1002)")]
    [InlineData("function main(args) {\n  const s = 'abc;\n  return { s };\n}\n", "2: Unterminated string literal. (TS1002)")]
    // A statement keyword typed wrong.
    [InlineData("fucntion main(args) {\n  return {};\n}\n", "1: Unknown keyword or identifier. Did you mean 'function'? (TS1435)")]
    public void FirstError_IsTheCompilers(string source, string expected) => Assert.Equal(expected, First(source));

    [Theory]
    [InlineData("export async function main(args: { [k: string]: unknown }): Promise<Record<string, unknown>> {\n  const m = new Map<string, Array<number>>();\n  return Object.fromEntries(m);\n}\n")]
    [InlineData("const main = async ({ a, b = 2, ...rest }: any) => ({ a, b, rest, c: a?.x ?? b!, d: <const>[1] });\n")]
    [InlineData("class A<T extends object = {}> { #x = 1; static { } get y(): T | undefined { return undefined; } constructor(private readonly z?: T) {} }\nfunction main(args) { return { a: new A(), t: typeof args, k: `${1}${`${2}`}` }; }\n")]
    [InlineData("type F<T> = T extends (infer U)[] ? U : T extends `${infer H}-${string}` ? H : never;\nlet x: F<string[]> = 'a' as F<string[]>;\nfunction main(args) { return { x: x satisfies string, y: a => b, z: (a, b) => a >>> b >= 1 } }\n")]
    [InlineData("label: for (const [k, v] of Object.entries({})) { if (k) continue label; else break label; }\nfor (let i = 0, j = 1; i < j; i++) {}\nfor (const k in {}) {}\nfor await (const x of []) {}\n")]
    [InlineData("import x, { type Y, z as w } from 'm';\nimport * as ns from \"n\";\nimport type { T } from './t';\nimport q = require('q');\nexport { x as default, w };\nexport * from 'm';\nexport type { T };\nexport default function main(args) { return {}; }\n")]
    [InlineData("function* g() { yield 1; yield* g(); }\nconst re = /a[/]b/g.test('x') ? 1 : 2;\nlet a = b\n/c/ d;\n")]
    public void ValidCode_HasNoError(string source) => Assert.Empty(TsParser.Check(source));

    [Theory]
    [MemberData(nameof(TsOutlineCorpusTests.TruncatedInputs), MemberType = typeof(TsOutlineCorpusTests))]
    public void Check_NeverThrowsAndReportsTruncatedInput(string source)
    {
        var errors = TsParser.Check(source);
        Assert.Equal(source.Length == 0, errors.Count == 0);
        Assert.All(errors, e => Assert.InRange(e.Span.End, 0, source.Length));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{", "}")]
    [InlineData("a = (b) => ", "")]
    [InlineData("f(", ")")]
    public void DeepNesting_IsReportedWithoutOverflow(string open, string close)
    {
        int depth = 100_000;
        string source = "function main(args) {\n  return " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + ";\n}\n";
        var errors = TsParser.Check(source);
        Assert.Contains(errors, e => e.Message == "The code is nested too deeply to check.");
        Assert.True(errors.Count <= 100);
    }

    [Fact]
    public void DeepTypeNesting_IsReportedWithoutOverflow()
    {
        string source = "type T = " + string.Concat(Enumerable.Repeat("Array<", 100_000)) + "1" + new string('>', 100_000) + ";\n";
        Assert.Contains(TsParser.Check(source), e => e.Message == "The code is nested too deeply to check.");
    }

    [Fact]
    public void ModerateNesting_IsStillChecked()
    {
        string source = "const x = " + new string('(', 150) + "1" + new string(')', 150) + ";\n";
        Assert.Empty(TsParser.Check(source));
        Assert.NotEmpty(TsParser.Check(source.Replace("1)", "1 2)")));
    }
}
