// Runs the TypeScript tokenizer corpus (tests/fixtures/syntax/typescript/tokens.txt): tokens and errors per case.
using System.Text;
using CodeNodeLsp.Syntax.TypeScript;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Syntax.TypeScript;

public class TsLexerCorpusTests
{
    public sealed record Case(string Name, string Source, string Tokens, string Errors)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<object[]> Cases()
    {
        string text = File.ReadAllText(RepoPaths.Fixtures("syntax", "typescript", "tokens.txt")).Replace("\r\n", "\n");
        foreach (var block in text.Split("\n=== ").Skip(1))
        {
            int nl = block.IndexOf('\n');
            string name = block[..nl];
            string rest = block[(nl + 1)..];
            int sep = rest.IndexOf("\n---\n", StringComparison.Ordinal);
            string source = rest[..sep];
            var expected = rest[(sep + 5)..].TrimEnd('\n').Split('\n');
            string errors = string.Join("\n", expected.Skip(1).Where(l => l != "errors:" && l.Length > 0));
            yield return [new Case(name, source, expected[0], errors)];
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus(Case c)
    {
        var result = TsLexer.Tokenize(c.Source);
        Assert.Equal(c.Tokens, Dump(result.Tokens));
        Assert.Equal(c.Errors, string.Join("\n", result.Errors.Select(e => $"{e.Span.Start}..{e.Span.End} {e.Message}")));
    }

    [Fact]
    public void Corpus_IsNotEmpty() => Assert.True(Cases().Count() >= 20);

    [Fact]
    public void Tokens_CoverTheTextInOrderAndNeverOverlap()
    {
        foreach (var row in Cases())
        {
            var c = (Case)row[0];
            var tokens = TsLexer.Tokenize(c.Source).Tokens;
            int pos = 0;
            foreach (var t in tokens)
            {
                Assert.True(t.Span.Start >= pos, $"{c.Name}: token {t} starts before {pos}");
                Assert.Equal(c.Source.Substring(t.Span.Start, t.Span.Length), t.Text);
                pos = t.Span.End;
            }
            Assert.Equal(TsTokenKind.EndOfFile, tokens[^1].Kind);
        }
    }

    private static string Dump(IReadOnlyList<TsToken> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            if (t.Kind == TsTokenKind.EndOfFile) break;
            if (sb.Length > 0) sb.Append(' ');
            string prefix = t.Kind switch
            {
                TsTokenKind.Identifier or TsTokenKind.Punctuator or TsTokenKind.PrivateName => "",
                TsTokenKind.Number => "num:",
                TsTokenKind.String => "str:",
                TsTokenKind.Template => "tpl:",
                TsTokenKind.TemplateHead => "tpl-head:",
                TsTokenKind.TemplateMiddle => "tpl-mid:",
                TsTokenKind.TemplateTail => "tpl-tail:",
                TsTokenKind.Regex => "re:",
                TsTokenKind.LineComment => "//:",
                TsTokenKind.BlockComment => "/*:",
                _ => "err:",
            };
            sb.Append(prefix).Append(t.Text.Replace(' ', '·').Replace("\r\n", "↵").Replace('\n', '↵'));
            if ((t.Flags & TsTokenFlags.Unterminated) != 0) sb.Append('!');
        }
        return sb.ToString();
    }
}
