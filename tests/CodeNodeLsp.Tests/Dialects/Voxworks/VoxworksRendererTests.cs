// The renderer turns placeholders into variable-map lookups and maps every offset back to the user's text.
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Syntax.Python;
using Assert = Xunit.Assert;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksRendererTests
{
    [Fact]
    public void Reads_and_writes_become_lookups_in_the_variable_map()
    {
        const string text = "def run():\n    {{contact.email_verified}} = bool({{ contact.email }})\n    return {{contact.email_verified}}\n";
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text));
        Assert.Equal(
            "def run():\n    __vx_vars[\"contact.email_verified\"] = bool(__vx_vars[\"contact.email\"])\n    return __vx_vars[\"contact.email_verified\"]\n",
            rendered.Code);
        Assert.Equal(["contact.email_verified", "contact.email", "contact.email_verified"], rendered.Segments.Select(s => s.Path));
    }

    [Fact]
    public void Quoted_placeholders_stay_literal_text()
    {
        const string text = "def run():\n    print(\"{{contact.email}}\", '{{custom.x}}')\n    return True\n";
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text));
        Assert.Equal(text, rendered.Code);
        Assert.Empty(rendered.Segments);
    }

    [Fact]
    public void Every_offset_outside_placeholders_maps_to_the_same_character_and_back()
    {
        const string text = "def run():\n    a = {{contact.email}} + {{custom.x}}\n    {{custom.y}} = a\n    return a is None\n";
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text));
        Assert.Equal(3, rendered.Segments.Count);
        int checkedOffsets = 0;
        for (int user = 0; user < text.Length; user++)
        {
            if (rendered.Segments.Any(s => s.User.Contains(user))) continue;
            int code = rendered.ToRenderedOffset(user);
            Assert.Equal(text[user], rendered.Code[code]);
            Assert.Equal(user, rendered.ToUserOffset(code));
            checkedOffsets++;
        }
        Assert.True(checkedOffsets > text.Length / 2);
    }

    [Fact]
    public void An_offset_inside_a_replacement_maps_to_the_placeholder_the_user_wrote()
    {
        const string text = "def run():\n    return {{contact.email}} is None\n";
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text));
        var seg = Assert.Single(rendered.Segments);
        Assert.Equal("{{contact.email}}", text.Substring(seg.User.Start, seg.User.Length));
        Assert.Equal("__vx_vars[\"contact.email\"]", rendered.Code.Substring(seg.Rendered.Start, seg.Rendered.Length));
        for (int i = seg.Rendered.Start; i < seg.Rendered.End; i++)
            Assert.Equal(seg.User.Start, rendered.ToUserOffset(i));
    }

    [Fact]
    public void Lines_are_preserved_so_a_runtime_line_number_is_the_users_line()
    {
        const string text = "def run():\n    x = {{custom.a}}\n    y = {{custom.b}}\n    return input_9\n";
        var rendered = VoxworksRenderer.Render(VoxworksValidator.Parse(text));
        var codeLines = new SourceText(rendered.Code);
        Assert.Equal(new SourceText(text).LineCount, codeLines.LineCount);
        for (int line = 0; line < codeLines.LineCount; line++) Assert.Equal(line, rendered.ToUserLine(line));
        Assert.Equal("    return input_9", codeLines.LineText(3));
    }

    [Fact]
    public void A_path_can_never_close_the_string_literal_it_is_written_into()
    {
        // Built by hand so the test holds whatever the tokenizer accepts as a placeholder.
        const string text = "x = {{a\"]); __import__('os')#\n}}";
        var parse = new ParseResult
        {
            Module = new Module { Span = new TextSpan(0, text.Length) },
            Tokens = [new Token(TokenKind.Name, new TextSpan(0, 1), "x"), new Token(TokenKind.Placeholder, TextSpan.FromBounds(4, text.Length), text[4..])],
            Errors = [],
            Text = text,
            Range = new TextSpan(0, text.Length),
        };
        var rendered = VoxworksRenderer.Render(parse);
        var seg = Assert.Single(rendered.Segments);
        string literal = rendered.Code.Substring(seg.Rendered.Start, seg.Rendered.Length);
        Assert.StartsWith("__vx_vars[\"", literal);
        Assert.EndsWith("\"]", literal);
        string inside = literal["__vx_vars[\"".Length..^2];
        Assert.All(inside, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '\\', $"unescaped '{c}'"));
        Assert.DoesNotContain('\n', rendered.Code);
    }
}

public sealed class VoxworksPreparedStepTests
{
    private static readonly CodeNodeLsp.Analysis.NodeContext Context = VoxworksFixtures.Context(null);

    [Fact]
    public void A_refused_step_gives_no_code_to_run()
    {
        var prepared = PreparedStep.Prepare("def run():\n    return getattr({{custom.x}}, 'y') is None\n", Context);
        Assert.False(prepared.CanRun);
        Assert.Null(prepared.Rendered);
        Assert.Contains(prepared.Validation.Diagnostics, d => d.Code == VoxworksRules.FunctionNotAllowed.Code);
    }

    [Fact]
    public void An_accepted_step_gives_its_rendered_code()
    {
        var prepared = PreparedStep.Prepare("def run():\n    return is_empty({{custom.x}})\n", Context);
        Assert.True(prepared.CanRun);
        Assert.Equal("def run():\n    return is_empty(__vx_vars[\"custom.x\"])\n", prepared.Rendered!.Code);
    }
}
