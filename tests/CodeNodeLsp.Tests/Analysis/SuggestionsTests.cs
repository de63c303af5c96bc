// Tests of the shared "did you mean" helper: typos, swaps, case, and names too far off to suggest.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Tests.Analysis;

public class SuggestionsTests
{
    [Theory]
    [InlineData("in-1", "in-0")]
    [InlineData("llm0", "llm-0")]
    [InlineData("LLM-0", "llm-0")]
    [InlineData("ni-0", "in-0")]
    public void Closest_FindsLikelyTypo(string name, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(name, ["in-0", "llm-0", "doc-loader"]));

    [Fact]
    public void Closest_ReturnsNullWhenNothingIsClose() =>
        Assert.Null(Suggestions.Closest("completely-different", ["in-0", "llm-0"]));

    [Fact]
    public void Distance_CountsAdjacentSwapAsOneEdit()
    {
        Assert.Equal(1, Suggestions.Distance("mian", "main"));
        Assert.Equal(3, Suggestions.Distance("abc", "xyz"));
    }

    [Fact]
    public void DidYouMean_FormatsTailOrNothing()
    {
        Assert.Equal(" Did you mean \"main\"?", Suggestions.DidYouMean("mian", ["main"]));
        Assert.Equal("", Suggestions.DidYouMean("zzzzzz", ["main"]));
    }
}
